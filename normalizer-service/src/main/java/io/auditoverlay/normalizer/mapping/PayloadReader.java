package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a Debezium record's bytes: the payload alone from its start offset (the fast path, the
 * schema having been recognised by its bytes), or the whole record as a tree (the slow path,
 * which reports what is wrong with a record the fast path could not read).
 */
final class PayloadReader {

    private final ObjectMapper json;
    private final RowImages rows;

    PayloadReader(ObjectMapper json, RowImages rows) {
        this.json = json;
        this.rows = rows;
    }

    /**
     * The payload object of a record from its start offset, up to the record's closing brace; null
     * if the bytes between are not exactly one JSON value (the slow path then parses the whole
     * record and reports the problem).
     */
    JsonNode tree(byte[] value, int from, int end) {
        if (end <= from || value[end - 1] != '}') {
            return null;
        }
        try (JsonParser parser = json.getFactory().createParser(value, from, end - 1 - from)) {
            JsonNode payload = json.readTree(parser);
            return parser.nextToken() == null ? payload : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The payload object of a record from its start offset, up to the record's closing brace,
     * read token by token; null if the bytes between are not exactly one JSON object with an
     * {@code op} (the slow path then parses the whole record and reports the problem).
     */
    ChangePayload change(byte[] value, int from, int end, Map<String, JsonNode> fields) {
        if (end <= from || value[end - 1] != '}') {
            return null;
        }
        try (JsonParser parser = json.getFactory().createParser(value, from, end - 1 - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode op = null;
            JsonNode source = null;
            JsonNode transaction = null;
            JsonNode tsMs = null;
            Map<String, Object> before = null;
            Map<String, Object> after = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "before" -> before = rows.read(parser, token, fields);
                    case "after" -> after = rows.read(parser, token, fields);
                    case "source" -> source = json.readTree(parser);
                    case "transaction" -> transaction = json.readTree(parser);
                    case "op" -> op = rows.value(parser, token);
                    case "ts_ms" -> tsMs = rows.value(parser, token);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || op == null || op.isNull()) {
                return null;
            }
            return new ChangePayload(op, source, transaction, tsMs, before, after);
        } catch (IOException e) {
            return null;
        }
    }

    /** A change event's payload from its parsed tree (the slow path). */
    ChangePayload change(JsonNode payload, Map<String, JsonNode> fields) {
        return new ChangePayload(payload.get("op"), payload.get("source"), payload.get("transaction"),
                payload.get("ts_ms"), rows.fromTree(payload.get("before"), fields), rows.fromTree(payload.get("after"), fields));
    }

    /** The bytes as one JSON tree; a record that is not is rejected with the reason. */
    JsonNode parse(byte[] bytes, int offset, int length, String what) {
        try (JsonParser parser = json.getFactory().createParser(bytes, offset, length)) {
            JsonNode node = json.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new RejectedMessageException(what + " is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new RejectedMessageException("malformed JSON in " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RejectedMessageException("unreadable " + what + ": " + e.getMessage(), e);
        }
    }
}
