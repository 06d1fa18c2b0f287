package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Builds JSON values from a streaming parser, one token at a time, charging each value to a
 * {@link ValueBudget} before it is built: the bounded replacement of {@code ObjectMapper.readTree},
 * which builds the whole tree first and leaves the counting to afterwards. Nesting is bounded by the
 * parser's own {@code StreamReadConstraints}, so the recursion here is too. Pure CPU work.
 */
final class JsonValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonValues() {}

    /** The value that starts at the parser's current token, built whole. */
    static JsonNode read(JsonParser p, ValueBudget budget) throws IOException {
        budget.value();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = F.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p, budget));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = F.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, budget));
                }
                return a;
            }
            case VALUE_STRING -> {
                return F.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> F.numberNode(p.getIntValue());
                    case LONG -> F.numberNode(p.getLongValue());
                    default -> F.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return F.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return F.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return F.nullNode();
            }
            default -> throw new IllegalStateException("a value cannot start with " + t);
        }
    }

    /**
     * Passes over the value that starts at the parser's current token without building it, still
     * charging each value inside it: a field nobody reads costs no objects, but it is not free.
     */
    static void skip(JsonParser p, ValueBudget budget) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        do {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                budget.value();
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t != JsonToken.FIELD_NAME) {
                budget.value();
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
    }
}
