package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import io.auditoverlay.model.id.EventIds;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the canonical events from what a record's payload says: a row change (its id, key,
 * position, transaction, branch, changed columns, masked images) or a transaction END marker.
 * Masking is applied here, so nothing downstream ever holds a masked value.
 */
final class ChangeEvents {

    private final PayloadReader reader;
    private final ColumnMasker masker;
    private final BranchResolver branches;
    private final Map<String, List<String>> keyColumns;

    ChangeEvents(PayloadReader reader, ColumnMasker masker, BranchResolver branches, Map<String, List<String>> keyColumns) {
        this.reader = reader;
        this.masker = masker;
        this.branches = branches;
        this.keyColumns = keyColumns;
    }

    Mapped transactionMarker(String topic, JsonNode payload) {
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
        return new Mapped.End(new TransactionEnd(EnvelopeMapper.qualify(source, requiredText(payload, "id")), source,
                count.asLong(), collections, instant(payload.get("ts_ms"))));
    }

    CanonicalChangeEvent change(byte[] key, ChangePayload payload) {
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
        String transactionId = tx != null && tx.hasNonNull("id") ? EnvelopeMapper.qualify(sourceName, tx.get("id").asText()) : null;
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
        List<String> absent = masker.absentMaskedColumns(database, table, image);
        if (!absent.isEmpty()) {
            // Only names, never values: the reason goes to the DLQ headers and the log.
            throw new RejectedMessageException("masked column(s) " + String.join(", ", absent) + " of " + database + "." + table
                    + " missing from the row (renamed or dropped by a DDL?): quarantined, not stored unmasked;"
                    + " name the new column in audit.normalizer.masked-columns");
        }
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

    /**
     * The key columns come from Debezium's key; their values from the decoded row (the key is
     * written without a schema, the row with one). A record without a key falls back to the
     * configured key columns, then to {@code id}.
     */
    private Map<String, Object> primaryKey(byte[] key, String database, String table, Map<String, Object> image) {
        List<String> columns = null;
        JsonNode keyNode = null;
        if (key != null && key.length > 0) {
            keyNode = DebeziumEnvelope.payload(reader.parse(key, 0, key.length, "key"));
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
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
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
}
