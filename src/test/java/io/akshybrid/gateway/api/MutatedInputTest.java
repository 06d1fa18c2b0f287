package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No input makes a 500: valid events with one field replaced by a random JSON value, and valid bodies
 * cut at random points, always get 200 (per-event rejection) or a 4xx. Seeded, so a failure repeats.
 */
@QuarkusTest
class MutatedInputTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    static JsonNode randomValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextLong());
            case 3 -> F.numberNode(-r.nextDouble() * 1e300);
            case 4 -> F.textNode("");
            case 5 -> F.textNode("x".repeat(r.nextInt(70_000)));
            case 6 -> F.textNode("\u0000\uD800 bob@contoso.com 10.0.0.1 \uFFFF");
            case 7 -> F.arrayNode().add(1).add("a");
            case 8 -> F.objectNode().put("k", "v");
            case 9 -> F.numberNode(new java.math.BigInteger("9".repeat(300)));
            case 10 -> F.textNode("2026-13-45T99:99:99Z");
            default -> F.textNode("\u202E\u0007" + r.nextInt());
        };
    }

    static List<String> paths(ObjectNode event) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        for (Iterator<String> it = event.get("data").fieldNames(); it.hasNext(); ) {
            out.add("data." + it.next());
        }
        return out;
    }

    @Test
    void givenEventsWithRandomlyReplacedFields_whenPosted_thenEveryAnswerIs200Or4xx() {
        Random r = new Random(20261129);
        for (int round = 0; round < 30; round++) {
            ArrayNode batch = F.arrayNode();
            for (ObjectNode e : Events.oneOfEach()) {
                List<String> p = paths(e);
                String field = p.get(r.nextInt(p.size()));
                if (field.startsWith("data.")) {
                    ((ObjectNode) e.get("data")).set(field.substring(5), randomValue(r));
                } else {
                    e.set(field, randomValue(r));
                }
                batch.add(e);
            }
            batch.add(randomValue(r));
            ObjectNode root = F.objectNode();
            root.set("events", batch);
            int status = post("east-1-token", root.toString()).extract().statusCode();
            assertTrue(status == 200 || status >= 400 && status < 500, "round " + round + " answered " + status);
        }
    }

    @Test
    void givenBodiesCutAtRandomPoints_whenPosted_thenEveryAnswerIs400() {
        Random r = new Random(7);
        String body = Events.body(Events.oneOfEach());
        for (int i = 0; i < 40; i++) {
            String cut = body.substring(0, r.nextInt(body.length()));
            int status = post("east-1-token", cut).extract().statusCode();
            assertTrue(status == 400, "a truncated body answered " + status);
        }
    }
}
