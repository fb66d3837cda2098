package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change event's row images ({@code before}, {@code after}) decoded column by column with the
 * row struct's field schemas: from the record's tokens on the fast path, from a parsed tree on
 * the slow path. Every value is checked here, before anything is forwarded.
 */
final class RowImages {

    private final ObjectMapper json;
    private final ColumnDecoder decoder;

    RowImages(ObjectMapper json) {
        this.json = json;
        this.decoder = new ColumnDecoder(json);
    }

    /** Field schemas of the row struct ({@code before} and {@code after} share it), by column name. */
    static Map<String, JsonNode> fields(JsonNode schema) {
        if (schema == null) {
            return Collections.emptyMap();
        }
        for (JsonNode part : schema.path("fields")) {
            if ("after".equals(part.path("field").asText()) || "before".equals(part.path("field").asText())) {
                Map<String, JsonNode> fields = new HashMap<>();
                for (JsonNode f : part.path("fields")) {
                    fields.put(f.path("field").asText(), f);
                }
                return fields;
            }
        }
        return Collections.emptyMap();
    }

    /** A row image read from the parser positioned on its first token; null for a JSON null. */
    Map<String, Object> read(JsonParser parser, JsonToken token, Map<String, JsonNode> fields) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw notAnObject(json.readTree(parser));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            putColumn(row, column, value(parser, parser.nextToken()), fields);
        }
        return row;
    }

    /** A row image from a parsed tree; null for a missing or null node. */
    Map<String, Object> fromTree(JsonNode node, Map<String, JsonNode> fields) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw notAnObject(node);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> putColumn(row, e.getKey(), e.getValue(), fields));
        return row;
    }

    /** The value at the parser's current token as a node: scalars directly, anything else as a tree. */
    JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return TextNode.valueOf(parser.getText());
            case VALUE_NULL:
                return NullNode.getInstance();
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.INT) {
                    return IntNode.valueOf(parser.getIntValue());
                }
                if (parser.getNumberType() == JsonParser.NumberType.LONG) {
                    return LongNode.valueOf(parser.getLongValue());
                }
                return json.readTree(parser);
            default:
                return json.readTree(parser); // decimals as the mapper reads them, objects, arrays
        }
    }

    private static RejectedMessageException notAnObject(JsonNode node) {
        return new RejectedMessageException("row image is a JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
    }

    private void putColumn(Map<String, Object> row, String column, JsonNode node, Map<String, JsonNode> fields) {
        try {
            Object value = decoder.decode(fields.get(column), node);
            if (value instanceof String text && text.indexOf('\u0000') >= 0) {
                // PostgreSQL text and jsonb cannot hold NUL: reject here, before anything is forwarded.
                throw new RejectedMessageException("contains a NUL character, which PostgreSQL cannot store");
            }
            row.put(column, value);
        } catch (RejectedMessageException | IllegalArgumentException | DateTimeException ex) {
            // Only our own messages are quoted: a parser's may contain the value, and it may be masked.
            String why = ex instanceof RejectedMessageException ? ex.getMessage()
                    : "cannot decode (" + ex.getClass().getSimpleName() + ")";
            throw new RejectedMessageException("column '" + column + "': " + why, ex);
        }
    }
}
