package io.akshybrid.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The requests the pages show, pasted into bash as a reader would and sent to a running gateway. The
 * only changes are the test's ports for 8080 and 9000, and the test suite's cluster {@code east-1} (of
 * eastus, like the development cluster) for the development cluster's token and id.
 */
@QuarkusTest
class DocExamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String forTheTests(String script) {
        return script.replace("localhost:8080", "localhost:" + RestAssured.port)
                .replace("localhost:9000", "localhost:" + Management.port())
                .replace("dev-token-eastus-1", "east-1-token")
                .replace("5b0e0c3c-7d41-4a8b-9a0e-2f1d7c3e9f10", "east-1");
    }

    /** The {@code json} block that follows a shell block: the answer the page promises. */
    static String promisedAnswer(DocPages.ShellBlock block) throws Exception {
        List<String> lines = Files.readAllLines(block.page());
        for (int i = block.line(); i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```json")) {
                return lines.get(i + 1).trim();
            }
        }
        throw new AssertionError(block.where() + ": no answer shown after the request");
    }

    @Test
    void givenTheExampleEvent_whenSentTwiceAsThePagesShow_thenItIsAcceptedAndThenADuplicate() throws Exception {
        long lastSecond = 0;
        for (DocPages.ShellBlock block : DocPages.shellBlocksWith("localhost:8080/v1/events")) {
            // Each page's example stands alone: its NOW must be a second of its own, or the same event
            // sent from another page would make its first send a duplicate.
            while (System.currentTimeMillis() / 1000 <= lastSecond) {
                Thread.sleep(50);
            }
            lastSecond = System.currentTimeMillis() / 1000 + 1;
            String script = forTheTests(block.script());
            String again = script.lines().filter(l -> !l.startsWith("NOW=")).reduce("", (a, l) -> a + l + "\n");
            DocPages.Run run = DocPages.bash(script + "echo\n" + again, Path.of("."));

            assertEquals(0, run.exit(), block.where() + ": " + run.err());
            List<String> answers = run.out().lines().toList();
            assertEquals(2, answers.size(), block.where() + ": " + run.out());
            assertEquals(
                    JSON.readTree(promisedAnswer(block)),
                    JSON.readTree(answers.get(0)),
                    block.where() + ": first send");
            JsonNode second = JSON.readTree(answers.get(1));
            assertEquals(0, second.path("accepted").asInt(), block.where() + ": " + second);
            assertEquals(1, second.path("duplicates").asInt(), block.where() + ": the same NOW is the same event");
        }
    }

    @Test
    void givenTheHealthExample_whenRun_thenTheGatewayIsReady() throws Exception {
        Matcher inline =
                Pattern.compile("`(curl -s localhost:9000/q/health/ready)`").matcher(Files.readString(DocPages.README));
        assertTrue(inline.find(), "README.md shows how to ask for readiness");
        DocPages.Run run = DocPages.bash(forTheTests(inline.group(1)), Path.of("."));
        assertEquals(0, run.exit(), run.err());
        assertEquals("UP", JSON.readTree(run.out()).path("status").asText(), run.out());
    }

    @Test
    void givenTheAdminApiExamplesThatOnlyRead_whenRun_thenEachAnswersJson() throws Exception {
        Path dir = Files.createTempDirectory("doc-examples");
        int run = 0;
        for (DocPages.ShellBlock block : DocPages.shellBlocksWith("localhost:9000/admin/")) {
            for (String line : block.script().lines().toList()) {
                if (!line.startsWith("curl") || line.contains(" -X ")) {
                    continue; // comments, and runs and erasures, which change the store under other tests
                }
                DocPages.Run r = DocPages.bash(forTheTests(line), dir);
                assertEquals(0, r.exit(), block.where() + ": " + line + ": " + r.err());
                String out = line.contains("> ")
                        ? Files.readString(dir.resolve(
                                line.substring(line.lastIndexOf("> ") + 2).trim()))
                        : r.out();
                assertTrue(
                        line.contains("/events") || !out.isBlank(), block.where() + ": " + line + " answered nothing");
                for (String json : out.lines().toList()) {
                    JsonNode answer = JSON.readTree(json);
                    if (line.contains("/events") && answer.path("status").asInt() == 503) {
                        // The test map has a region nobody serves, and an export reads every shard.
                        assertTrue(answer.path("detail").asText().contains("unreachable"), json);
                        continue;
                    }
                    assertTrue(
                            answer.path("status").isMissingNode()
                                    || answer.path("status").isTextual(),
                            block.where() + ": " + line + " answered a problem: " + json);
                }
                run++;
            }
        }
        assertTrue(run >= 3, "admin reads run: " + run);
    }
}
