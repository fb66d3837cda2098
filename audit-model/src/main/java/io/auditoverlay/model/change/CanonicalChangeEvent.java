package io.auditoverlay.model.change;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One committed row change, independent of the connector and path that captured it
 * (docs/architecture.md, "Records").
 *
 * <p>Column values are JSON-friendly: {@code String}, {@code Long}/{@code Integer},
 * {@code BigDecimal} for DECIMAL, {@code Boolean}, ISO-8601 strings for dates and times
 * (DATETIME without a zone as {@code 2026-11-25T10:15:30.123}, TIMESTAMP in UTC with {@code Z}),
 * maps and lists for JSON columns. Masked columns hold {@link #REDACTED}.
 *
 * @param eventId UUID v5 over the source position, see {@code io.auditoverlay.model.id.EventIds}
 * @param transactionOrder 1-based position inside the transaction (Debezium's {@code total_order})
 * @param committedAt commit time at the source ({@code source.ts_ms})
 * @param capturedAt when Debezium emitted it ({@code ts_ms} of the envelope)
 * @param branchId from the row's {@code branch_id}, else the source's configured branch
 */
public record CanonicalChangeEvent(
        UUID eventId,
        String source,
        String database,
        String table,
        Operation op,
        Map<String, Object> primaryKey,
        Map<String, Object> before,
        Map<String, Object> after,
        List<String> changedColumns,
        String transactionId,
        Long transactionOrder,
        Instant committedAt,
        Instant capturedAt,
        SourcePosition position,
        String branchId,
        int schemaVersion) implements ChangeMessage {

    /** The value every copy of a masked column holds. */
    public static final String REDACTED = "[REDACTED]";
    /** Version of this record's shape; bump on incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    /** {@code db.table}, the name Debezium uses for a data collection. */
    public String qualifiedTable() {
        return database + "." + table;
    }

    /** The row image that describes the row's latest state: after, or before for a delete. */
    public Map<String, Object> row() {
        return after != null ? after : before;
    }
}
