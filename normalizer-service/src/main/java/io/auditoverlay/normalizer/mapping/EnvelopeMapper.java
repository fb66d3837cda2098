package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import io.auditoverlay.model.id.EventIds;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps Debezium MySQL/MariaDB JSON records (with or without schemas) to canonical events:
 * row changes (create, update, delete, snapshot read, truncate) and transaction END markers.
 * Masking is applied here, so nothing downstream ever holds a masked value.
 */
public final class EnvelopeMapper {

    private final ObjectMapper json;
    private final ColumnDecoder decoder;
    private final ColumnMasker masker;
    private final BranchResolver branches;
    private final Map<String, List<String>> keyColumns;
    private final SchemaCache schemas = new SchemaCache();
    /** Records mapped without parsing their schema (observability for tests and benchmarks). */
    private final java.util.concurrent.atomic.LongAdder fastPath = new java.util.concurrent.atomic.LongAdder();

    public EnvelopeMapper(ObjectMapper json, ColumnMasker masker, BranchResolver branches,
            Map<String, List<String>> keyColumns) {
        this.json = json;
        this.decoder = new ColumnDecoder(json);
        this.masker = masker;
        this.branches = branches;
        this.keyColumns = keyColumns;
    }

    /**
     * @param topic the raw topic the record came from
     * @param key the record key bytes (Debezium's JSON key), may be null
     * @param value the record value bytes; null is a tombstone
     * @throws RejectedMessageException when the record is not a Debezium event this mapper understands
     */
    public Mapped map(String topic, byte[] key, byte[] value) {
        return value == null ? new Mapped.Skipped("tombstone") : map(topic, key, value, 0, value.length);
    }

    /**
     * As {@link #map(String, byte[], byte[])}, reading the value where the Kafka consumer left it
     * (its buffer is not copied into an array of its own); the buffer's position is not moved.
     */
    public Mapped map(String topic, byte[] key, ByteBuffer value) {
        if (value == null) {
            return new Mapped.Skipped("tombstone");
        }
        if (!value.hasArray()) {
            byte[] copy = new byte[value.remaining()];
            value.duplicate().get(copy);
            return map(topic, key, copy);
        }
        return map(topic, key, value.array(), value.arrayOffset() + value.position(), value.remaining());
    }

    private Mapped map(String topic, byte[] key, byte[] bytes, int offset, int length) {
        if (length == 0) {
            return new Mapped.Skipped("tombstone");
        }
        int end = offset + length;
        if (Topics.isTransactionTopic(topic)) {
            // A transaction marker's fields are plain strings and numbers: its schema is not needed.
            int payloadStart = SchemaCache.payloadStart(bytes, offset, end);
            JsonNode payload = payloadStart > 0 ? parsePayload(bytes, payloadStart, end) : null;
            if (payload != null && payload.isObject()) {
                fastPath.increment();
                return mapTransactionMarker(topic, payload);
            }
        } else {
            // Fast path: the schema is recognised by its bytes (the topic's last one, else any seen
            // before) and only the payload is parsed.
            SchemaCache.Hit hit = schemas.sameAsLast(topic, bytes, offset, end);
            int payloadStart = hit != null ? hit.payloadStart() : SchemaCache.payloadStart(bytes, offset, end);
            if (payloadStart > 0) {
                Map<String, JsonNode> fields = hit != null ? hit.fields()
                        : schemas.fields(topic, bytes, offset + "{\"schema\":".length(), payloadStart - ",\"payload\":".length(),
                                schema -> rowFields(parse(schema, 0, schema.length, "schema")));
                ChangePayload payload = readPayload(bytes, payloadStart, end, fields);
                if (payload != null) {
                    Mapped.Change change = new Mapped.Change(mapChange(key, payload));
                    fastPath.increment();
                    return change;
                }
            }
        }
        JsonNode message = parse(bytes, offset, length, "value");
        if (!message.isObject()) {
            throw new RejectedMessageException("value is a JSON " + message.getNodeType().name().toLowerCase() + ", not an object");
        }
        JsonNode payload = DebeziumEnvelope.payload(message);
        if (payload == null || payload.isNull()) {
            return new Mapped.Skipped("tombstone");
        }
        if (Topics.isTransactionTopic(topic) || DebeziumEnvelope.isTransactionMarker(payload)) {
            return mapTransactionMarker(topic, payload);
        }
        if (!payload.hasNonNull("op")) {
            throw new RejectedMessageException("not a Debezium change event: no 'op'");
        }
        Map<String, JsonNode> fields = rowFields(DebeziumEnvelope.schema(message));
        return new Mapped.Change(mapChange(key, new ChangePayload(payload.get("op"), payload.get("source"),
                payload.get("transaction"), payload.get("ts_ms"), row(payload.get("before"), fields),
                row(payload.get("after"), fields))));
    }

    /** How many records were mapped from their payload alone, their schema found by its bytes. */
    long fastPathCount() {
        return fastPath.sum();
    }

    private Mapped mapTransactionMarker(String topic, JsonNode payload) {
        String status = requiredText(payload, "status");
        if ("BEGIN".equals(status)) {
            return new Mapped.Skipped("transaction BEGIN");
        }
        if (!"END".equals(status)) {
            throw new RejectedMessageException("unknown transaction status '" + status + "'");
        }
        String source = topic.substring(0, topic.length() - Topics.TRANSACTION_SUFFIX.length());
        Map<String, Long> collections = new LinkedHashMap<>();
        for (JsonNode c : payload.path("data_collections")) {
            collections.put(requiredText(c, "data_collection"), c.path("event_count").asLong());
        }
        JsonNode count = payload.get("event_count");
        if (count == null || !count.canConvertToLong()) {
            throw new RejectedMessageException("transaction END without a numeric event_count");
        }
        return new Mapped.End(new TransactionEnd(qualify(source, requiredText(payload, "id")), source,
                count.asLong(), collections, instant(payload.get("ts_ms"))));
    }

    /**
     * The payload object of a record from its start offset, up to the record's closing brace; null
     * if the bytes between are not exactly one JSON value (the slow path then parses the whole
     * record and reports the problem).
     */
    private JsonNode parsePayload(byte[] value, int from, int end) {
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
     * What a change event's payload says, its row images already decoded: read from the record's
     * tokens on the fast path (the images, most of a payload, never become a tree), from the
     * parsed tree on the slow path.
     */
    private record ChangePayload(JsonNode op, JsonNode source, JsonNode transaction, JsonNode tsMs,
            Map<String, Object> before, Map<String, Object> after) {
    }

    /**
     * The payload object of a record from its start offset, up to the record's closing brace,
     * read token by token; null if the bytes between are not exactly one JSON object with an
     * {@code op} (the slow path then parses the whole record and reports the problem).
     */
    private ChangePayload readPayload(byte[] value, int from, int end, Map<String, JsonNode> fields) {
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
                    case "before" -> before = readRow(parser, token, fields);
                    case "after" -> after = readRow(parser, token, fields);
                    case "source" -> source = json.readTree(parser);
                    case "transaction" -> transaction = json.readTree(parser);
                    case "op" -> op = value(parser, token);
                    case "ts_ms" -> tsMs = value(parser, token);
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

    private Map<String, Object> readRow(JsonParser parser, JsonToken token, Map<String, JsonNode> fields) throws IOException {
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

    /** The value at the parser's current token as a node: scalars directly, anything else as a tree. */
    private JsonNode value(JsonParser parser, JsonToken token) throws IOException {
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

    private CanonicalChangeEvent mapChange(byte[] key, ChangePayload payload) {
        Operation op;
        try {
            op = Operation.fromDebezium(payload.op().asText());
        } catch (IllegalArgumentException e) {
            throw new RejectedMessageException(e.getMessage(), e);
        }
        JsonNode source = payload.source();
        if (source == null || !source.isObject()) {
            throw new RejectedMessageException("change event without 'source'");
        }
        String sourceName = requiredText(source, "name");
        String database = requiredText(source, "db");
        String table = requiredText(source, "table");

        Map<String, Object> before = payload.before();
        Map<String, Object> after = payload.after();
        if (op != Operation.TRUNCATE && before == null && after == null) {
            throw new RejectedMessageException("change event '" + op + "' with neither 'before' nor 'after'");
        }

        JsonNode tx = payload.transaction();
        String transactionId = tx != null && tx.hasNonNull("id") ? qualify(sourceName, tx.get("id").asText()) : null;
        Long transactionOrder = tx != null && tx.hasNonNull("total_order") ? tx.get("total_order").asLong() : null;

        String snapshot = source.path("snapshot").asText("false");
        SourcePosition position = new SourcePosition(
                longOrNull(source.get("server_id")),
                source.hasNonNull("file") ? source.get("file").asText() : null,
                longOrNull(source.get("pos")),
                source.hasNonNull("row") ? source.get("row").asInt() : null,
                source.hasNonNull("gtid") ? source.get("gtid").asText() : null,
                !"false".equals(snapshot) && !snapshot.isEmpty());

        Map<String, Object> image = after != null ? after : before;
        Map<String, Object> primaryKey = primaryKey(key, database, table, image);
        List<String> changed = changedColumns(op, before, after);
        Instant committedAt = instant(source.get("ts_ms"));
        if (committedAt == null) {
            throw new RejectedMessageException("change event without source.ts_ms");
        }
        String branch = branches.branchOf(sourceName, table, image);

        return new CanonicalChangeEvent(
                EventIds.changeEventId(sourceName, database, table, position, primaryKey),
                sourceName, database, table, op,
                masker.mask(database, table, primaryKey),
                masker.mask(database, table, before),
                masker.mask(database, table, after),
                changed, transactionId, transactionOrder, committedAt, instant(payload.tsMs()),
                position, branch, CanonicalChangeEvent.SCHEMA_VERSION);
    }

    /** Field schemas of the row struct ({@code before} and {@code after} share it), by column name. */
    private static Map<String, JsonNode> rowFields(JsonNode schema) {
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

    private Map<String, Object> row(JsonNode node, Map<String, JsonNode> fields) {
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
        } catch (RejectedMessageException | IllegalArgumentException | java.time.DateTimeException ex) {
            // Only our own messages are quoted: a parser's may contain the value, and it may be masked.
            String why = ex instanceof RejectedMessageException ? ex.getMessage()
                    : "cannot decode (" + ex.getClass().getSimpleName() + ")";
            throw new RejectedMessageException("column '" + column + "': " + why, ex);
        }
    }

    /**
     * The key columns come from Debezium's key; their values from the decoded row (the key is
     * written without a schema, the row with one). A record without a key falls back to the
     * configured key columns, then to {@code id}.
     */
    private Map<String, Object> primaryKey(byte[] key, String database, String table, Map<String, Object> image) {
        List<String> columns = null;
        JsonNode keyNode = null;
        if (key != null && key.length > 0) {
            keyNode = DebeziumEnvelope.payload(parse(key, 0, key.length, "key"));
            if (keyNode != null && keyNode.isObject()) {
                columns = new ArrayList<>();
                keyNode.fieldNames().forEachRemaining(columns::add);
            }
        }
        if (columns == null) {
            columns = keyColumns.get(database + "." + table);
        }
        if (columns == null) {
            columns = image != null && image.containsKey("id") ? List.of("id") : List.of();
        }
        Map<String, Object> pk = new LinkedHashMap<>();
        for (String column : columns) {
            if (image != null && image.containsKey(column)) {
                pk.put(column, image.get(column));
            } else if (keyNode != null) {
                pk.put(column, ColumnDecoder.plain(keyNode.get(column)));
            }
        }
        return pk;
    }

    static List<String> changedColumns(Operation op, Map<String, Object> before, Map<String, Object> after) {
        if (op == Operation.UPDATE && before != null && after != null) {
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, Object> column : after.entrySet()) {
                if (!before.containsKey(column.getKey()) || !equal(before.get(column.getKey()), column.getValue())) {
                    changed.add(column.getKey());
                }
            }
            return changed;
        }
        Map<String, Object> image = after != null ? after : before;
        return image == null ? List.of() : List.copyOf(image.keySet());
    }

    /** DECIMAL 1.50 and 1.5 are the same value. */
    private static boolean equal(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private JsonNode parse(byte[] bytes, int offset, int length, String what) {
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

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            throw new RejectedMessageException("missing '" + field + "'");
        }
        return value.asText();
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    private static Instant instant(JsonNode epochMillis) {
        if (epochMillis == null || epochMillis.isNull()) {
            return null;
        }
        if (!epochMillis.canConvertToLong()) {
            throw new RejectedMessageException("'ts_ms' is not a number");
        }
        return Instant.ofEpochMilli(epochMillis.asLong());
    }

    /** Transaction ids are qualified by source: GTIDs and file:pos repeat across branch databases. */
    public static String qualify(String source, String transactionId) {
        return source + ":" + transactionId;
    }
}
