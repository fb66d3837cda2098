package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Maps Debezium MySQL/MariaDB JSON records (with or without schemas) to canonical events:
 * row changes (create, update, delete, snapshot read, truncate), DDL statements ({@link SchemaChanges})
 * and transaction END markers.
 * This class chooses the path: the fast one reads only the payload of a record whose schema
 * {@link SchemaCache} recognises by its bytes ({@link PayloadReader}, {@link RowImages}); the
 * slow one parses the whole record and says what is wrong with it. {@link ChangeEvents} builds
 * the events and masks them, so nothing downstream ever holds a masked value.
 */
public final class EnvelopeMapper {

    private final PayloadReader reader;
    private final ChangeEvents events;
    private final SchemaChanges schemaChanges;
    private final SchemaCache schemas = new SchemaCache();
    /** A transaction marker's schema: recognised by its bytes, nothing read from it. */
    private static final Function<byte[], Map<String, JsonNode>> NO_FIELDS = schema -> Map.of();
    /** A row's column schemas, from its schema's bytes. */
    private final Function<byte[], Map<String, JsonNode>> rowSchema;
    /** Records mapped without parsing their schema (observability for tests and benchmarks). */
    private final LongAdder fastPath = new LongAdder();

    public EnvelopeMapper(ObjectMapper json, ColumnMasker masker, BranchResolver branches,
            Map<String, List<String>> keyColumns) {
        this.reader = new PayloadReader(json, new RowImages(json));
        this.events = new ChangeEvents(reader, masker, branches, keyColumns);
        this.schemaChanges = new SchemaChanges(branches);
        this.rowSchema = schema -> RowImages.fields(reader.parse(schema, 0, schema.length, "schema"));
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
        if (Topics.isSchemaChangeTopic(topic)) {
            return schemaChange(bytes, offset, length);
        }
        Mapped fast = fastPath(topic, key, bytes, offset, offset + length);
        if (fast != null) {
            fastPath.increment();
            return fast;
        }
        return slowPath(topic, key, bytes, offset, length);
    }

    /** The record mapped from its payload alone; null when the slow path must read it. */
    private Mapped fastPath(String topic, byte[] key, byte[] bytes, int offset, int end) {
        if (Topics.isTransactionTopic(topic)) {
            // A transaction marker's fields are plain strings and numbers: its schema is recognised, not parsed.
            SchemaCache.Hit hit = schemas.find(topic, bytes, offset, end, NO_FIELDS);
            JsonNode payload = hit != null ? reader.tree(bytes, hit.payloadStart(), end) : null;
            return payload != null && payload.isObject() ? events.transactionMarker(topic, payload) : null;
        }
        // The schema is recognised by its bytes (the topic's last one, else any seen before) and
        // only the payload is parsed.
        SchemaCache.Hit hit = schemas.find(topic, bytes, offset, end, rowSchema);
        if (hit == null) {
            return null;
        }
        ChangePayload payload = reader.change(bytes, hit.payloadStart(), end, hit.fields());
        return payload == null ? null : new Mapped.Change(events.change(key, payload));
    }

    /** The whole record parsed: what the fast path could not read, with the reason it is rejected. */
    private Mapped slowPath(String topic, byte[] key, byte[] bytes, int offset, int length) {
        JsonNode message = reader.parse(bytes, offset, length, "value");
        if (!message.isObject()) {
            throw new RejectedMessageException("value is a JSON " + message.getNodeType().name().toLowerCase() + ", not an object");
        }
        JsonNode payload = DebeziumEnvelope.payload(message);
        if (payload == null || payload.isNull()) {
            return new Mapped.Skipped("tombstone");
        }
        if (Topics.isTransactionTopic(topic) || DebeziumEnvelope.isTransactionMarker(payload)) {
            return events.transactionMarker(topic, payload);
        }
        if (!payload.hasNonNull("op")) {
            throw new RejectedMessageException("not a Debezium change event: no 'op'");
        }
        Map<String, JsonNode> fields = RowImages.fields(DebeziumEnvelope.schema(message));
        return new Mapped.Change(events.change(key, reader.change(payload, fields)));
    }

    /** A DDL statement (Debezium's schema-change topic): rare, so always parsed whole. */
    private Mapped schemaChange(byte[] bytes, int offset, int length) {
        JsonNode message = reader.parse(bytes, offset, length, "value");
        JsonNode payload = message.isObject() ? DebeziumEnvelope.payload(message) : null;
        if (payload == null || payload.isNull()) {
            return new Mapped.Skipped("tombstone");
        }
        return schemaChanges.map(payload);
    }

    /** How many records were mapped from their payload alone, their schema found by its bytes. */
    long fastPathCount() {
        return fastPath.sum();
    }

    /** Transaction ids are qualified by source: GTIDs and file:pos repeat across branch databases. */
    public static String qualify(String source, String transactionId) {
        return source + ":" + transactionId;
    }
}
