package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Debezium repeats a table's full Connect schema in every record (about three quarters of its
 * bytes). Records of one table carry byte-identical schemas, so the column schemas parsed from
 * the first record are reused for every later one with the same schema bytes: the schema is then
 * compared, not parsed. Bounded: a schema change adds an entry, and the map starts over when full.
 */
final class SchemaCache {

    private static final int MAX_ENTRIES = 1024;
    private static final byte[] PAYLOAD_KEY = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCHEMA_START = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);

    private final Map<Key, Map<String, JsonNode>> fields = new ConcurrentHashMap<>();
    /** The last schema seen on each topic: nearly every record of a topic carries it again. */
    private final Map<String, TopicSchema> latest = new ConcurrentHashMap<>();

    /** A record's payload offset and its row's column schemas. */
    record Hit(int payloadStart, Map<String, JsonNode> fields) {
    }

    private record TopicSchema(byte[] schema, Map<String, JsonNode> fields) {
    }

    /**
     * The record's column schemas and payload offset if it carries, byte for byte, the schema of
     * the topic's previous record; null otherwise. One vectorised comparison instead of scanning
     * for the payload and hashing the schema.
     */
    Hit sameAsLast(String topic, byte[] record, int offset, int end) {
        TopicSchema last = latest.get(topic);
        if (last == null || !startsWith(record, offset, end, SCHEMA_START)) {
            return null;
        }
        int from = offset + SCHEMA_START.length;
        int to = from + last.schema.length;
        if (end < to + PAYLOAD_KEY.length
                || !Arrays.equals(record, from, to, last.schema, 0, last.schema.length)
                || !Arrays.equals(record, to, to + PAYLOAD_KEY.length, PAYLOAD_KEY, 0, PAYLOAD_KEY.length)) {
            return null;
        }
        return new Hit(to + PAYLOAD_KEY.length, last.fields);
    }

    /**
     * The record's payload offset and column schemas: the topic's last schema if the record carries
     * it ({@link #sameAsLast}), else the payload found by a scan ({@link #payloadStart}) and the
     * schema parsed once per distinct schema; null for any other layout. Transaction markers come this
     * way too (with a parse that keeps nothing): the scan, a byte loop over the schema, cost more than
     * a comparison, and in the profile ran interpreted for a minute after start (docs/integrity.md, "Sixth session").
     */
    Hit find(String topic, byte[] record, int offset, int end, Function<byte[], Map<String, JsonNode>> parse) {
        Hit hit = sameAsLast(topic, record, offset, end);
        if (hit != null) {
            return hit;
        }
        int payloadStart = payloadStart(record, offset, end);
        if (payloadStart <= 0) {
            return null;
        }
        return new Hit(payloadStart, fields(topic, record, offset + SCHEMA_START.length, payloadStart - PAYLOAD_KEY.length, parse));
    }

    /**
     * Where the top-level payload starts in a record {@code record[offset, end)} laid out as
     * Debezium's JsonConverter writes it ({@code {"schema":{…},"payload":…}}, no whitespace), or -1
     * for any other layout. The first {@code ,"payload":} after the schema is the top-level one:
     * inside the schema, names are values ({@code "field":"payload"}), and inside string values
     * quotes are escaped.
     */
    static int payloadStart(byte[] record, int offset, int end) {
        if (!startsWith(record, offset, end, SCHEMA_START)) {
            return -1;
        }
        outer:
        for (int i = offset + SCHEMA_START.length; i <= end - PAYLOAD_KEY.length; i++) {
            for (int j = 0; j < PAYLOAD_KEY.length; j++) {
                if (record[i + j] != PAYLOAD_KEY[j]) {
                    continue outer;
                }
            }
            return i + PAYLOAD_KEY.length;
        }
        return -1;
    }

    /**
     * The column schemas for the schema bytes {@code record[from, to)}, parsed once per distinct
     * schema; remembered as the topic's latest.
     */
    Map<String, JsonNode> fields(String topic, byte[] record, int from, int to, Function<byte[], Map<String, JsonNode>> parse) {
        Key probe = new Key(record, from, to);
        Map<String, JsonNode> cached = fields.get(probe);
        byte[] schema = Arrays.copyOfRange(record, from, to);
        if (cached == null) {
            cached = parse.apply(schema);
            if (fields.size() >= MAX_ENTRIES) {
                fields.clear();
            }
            fields.put(new Key(schema, 0, schema.length), cached);
        }
        latest.put(topic, new TopicSchema(schema, cached));
        return cached;
    }

    private static boolean startsWith(byte[] bytes, int offset, int end, byte[] prefix) {
        return end - offset >= prefix.length && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** A byte range compared by content. */
    private static final class Key {
        private final byte[] bytes;
        private final int from;
        private final int to;
        private final int hash;

        Key(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
            this.hash = ByteBuffer.wrap(bytes, from, to - from).hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, from, to, k.bytes, k.from, k.to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
