package io.auditoverlay.model.integrity;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.SourcePosition;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The hash-chained tables, and how a row of each becomes a {@link Leaf}: once from the values a
 * service writes, once from what {@code verify} reads back. Both sides must feed the same fields in
 * the same order; {@code ChainedTableIT} checks it against PostgreSQL.
 */
public enum ChainedTable {

    CHANGE_EVENT("changes.change_event", "event_id", "stored_at", """
            SELECT event_id::text, source, database_name, table_name, op, primary_key::text, before::text, after::text,
                changed_columns, transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file,
                binlog_pos, binlog_row, gtid, snapshot, branch_id, schema_version
            FROM changes.change_event WHERE event_id = ANY (?::uuid[])"""),
    BUSINESS_EVENT("business.business_event", "id", "stored_at", """
            SELECT id::text, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
                attributes::text, source_event_ids::text[], rule, partial, source
            FROM business.business_event WHERE id = ANY (?::uuid[])"""),
    ANOMALY_STATUS_CHANGE("insights.anomaly_status_change", "id", "changed_at", """
            SELECT id::text, anomaly_id::text, status, actor, note, changed_at
            FROM insights.anomaly_status_change WHERE id = ANY (?::int8[])""");

    private final String table;
    private final String idColumn;
    private final String timeColumn;
    private final String selectByIds;

    ChainedTable(String table, String idColumn, String timeColumn, String selectByIds) {
        this.table = table;
        this.idColumn = idColumn;
        this.timeColumn = timeColumn;
        this.selectByIds = selectByIds;
    }

    public String table() {
        return table;
    }

    public String schema() {
        return table.substring(0, table.indexOf('.'));
    }

    public String idColumn() {
        return idColumn;
    }

    /** The column that holds when a row was stored (the same instant as its link, for the first two). */
    public String timeColumn() {
        return timeColumn;
    }

    /** Selects rows by id (parameter 1: an array); column 1 is the id as text. */
    public String selectByIds() {
        return selectByIds;
    }

    public String idArrayType() {
        return this == ANOMALY_STATUS_CHANGE ? "int8" : "uuid";
    }

    /** The leaf (format 1) of a row read by {@link #selectByIds()}. */
    public byte[] leaf(ResultSet rs) throws SQLException {
        return leaf(rs, ChainLink.LEAF_CANONICAL);
    }

    /**
     * The leaf of a row read by {@link #selectByIds()}, in the leaf format of the link holding it. Format 2
     * (change events only) hashes the three JSON columns' {@code jsonb::text} as returned; every other
     * field, and the order, is format 1's.
     */
    public byte[] leaf(ResultSet rs, int leafFormat) throws SQLException {
        if (leafFormat != ChainLink.LEAF_CANONICAL && (this != CHANGE_EVENT || leafFormat != ChainLink.LEAF_JSONB_TEXT)) {
            throw new IllegalArgumentException("no leaf format " + leafFormat + " for " + table);
        }
        return switch (this) {
            case CHANGE_EVENT -> {
                Leaf leaf = Leaf.of(table).text(rs.getString(1)).text(rs.getString(2)).text(rs.getString(3))
                        .text(rs.getString(4)).text(rs.getString(5));
                if (leafFormat == ChainLink.LEAF_JSONB_TEXT) {
                    leaf.jsonText(rs.getString(6)).jsonText(rs.getString(7)).jsonText(rs.getString(8));
                } else {
                    leaf.json(rs.getString(6)).json(rs.getString(7)).json(rs.getString(8));
                }
                yield leaf.texts(texts(rs.getArray(9))).text(rs.getString(10)).number(longOrNull(rs, 11))
                        .time(time(rs, 12)).time(time(rs, 13)).number(longOrNull(rs, 14)).text(rs.getString(15))
                        .number(longOrNull(rs, 16)).number(longOrNull(rs, 17)).text(rs.getString(18)).bool(rs.getBoolean(19))
                        .text(rs.getString(20)).number(longOrNull(rs, 21)).hash();
            }
            case BUSINESS_EVENT -> Leaf.of(table).text(rs.getString(1)).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).text(rs.getString(5)).text(rs.getString(6)).time(time(rs, 7))
                    .text(rs.getString(8)).json(rs.getString(9)).texts(texts(rs.getArray(10))).text(rs.getString(11))
                    .bool(rs.getBoolean(12)).text(rs.getString(13)).hash();
            case ANOMALY_STATUS_CHANGE -> Leaf.of(table).text(rs.getString(1)).text(rs.getString(2)).text(rs.getString(3))
                    .text(rs.getString(4)).text(rs.getString(5)).time(time(rs, 6)).hash();
        };
    }

    /** Where a row read by {@link #selectByIds()} came from: a change's binlog position, else null. */
    public String position(ResultSet rs) throws SQLException {
        SourcePosition at = sourcePosition(rs);
        return at == null ? null : position(at);
    }

    /** A change's binlog position as values, read by {@link #selectByIds()}; else null. */
    public SourcePosition sourcePosition(ResultSet rs) throws SQLException {
        if (this != CHANGE_EVENT) {
            return null;
        }
        return new SourcePosition(longOrNull(rs, 14), rs.getString(15), longOrNull(rs, 16),
                rs.getObject(17) == null ? null : rs.getInt(17), rs.getString(18), rs.getBoolean(19));
    }

    /** A change event's leaf in format 1, from what the normalizer writes (its JSON columns as written, canonicalised). */
    public static byte[] changeLeaf(CanonicalChangeEvent e, String primaryKey, String before, String after) {
        return changeFields(Leaf.of(CHANGE_EVENT.table).uuid(e.eventId()).text(e.source()).text(e.database()).text(e.table())
                .text(e.op().name()).json(e.primaryKey(), primaryKey).json(e.before(), before).json(e.after(), after), e);
    }

    /**
     * A change event's leaf in format 2: its JSON columns hashed as written, which must be
     * {@code jsonb::text}'s spelling ({@code JsonbText}), since {@code verify} hashes what
     * {@code jsonb::text} returns.
     */
    public static byte[] changeLeafV2(CanonicalChangeEvent e, String primaryKey, String before, String after) {
        return changeFields(Leaf.of(CHANGE_EVENT.table).uuid(e.eventId()).text(e.source()).text(e.database()).text(e.table())
                .text(e.op().name()).jsonText(primaryKey).jsonText(before).jsonText(after), e);
    }

    private static byte[] changeFields(Leaf leaf, CanonicalChangeEvent e) {
        SourcePosition p = e.position();
        return leaf.texts(e.changedColumns())
                .text(e.transactionId()).number(e.transactionOrder()).time(e.committedAt()).time(e.capturedAt())
                .number(p.serverId()).text(p.file()).number(p.pos()).number(p.row()).text(p.gtid()).bool(p.snapshot())
                .text(e.branchId()).number(e.schemaVersion()).hash();
    }

    /** Where a change came from, for the verify report: {@code file:pos:row}, and the GTID when there is one. */
    public static String position(SourcePosition p) {
        String at = p.file() == null ? "" : p.file() + ":" + p.pos() + ":" + p.row();
        return p.gtid() == null ? at : at + (at.isEmpty() ? "" : " ") + "gtid " + p.gtid();
    }

    /** A business event's leaf, from what inference-service writes. */
    public static byte[] businessLeaf(UUID id, String type, String branchId, String actorUserId, String subjectType,
            String subjectId, Instant occurredAt, String transactionId, String attributes, List<UUID> sourceEventIds,
            String rule, boolean partial, String source) {
        return Leaf.of(BUSINESS_EVENT.table).text(id.toString()).text(type).text(branchId).text(actorUserId).text(subjectType)
                .text(subjectId).time(occurredAt).text(transactionId).json(attributes)
                .texts(sourceEventIds.stream().map(UUID::toString).toList()).text(rule).bool(partial).text(source).hash();
    }

    /** An anomaly status change's leaf, from what query-api writes. */
    public static byte[] statusChangeLeaf(long id, UUID anomalyId, String status, String actor, String note, Instant changedAt) {
        return Leaf.of(ANOMALY_STATUS_CHANGE.table).text(Long.toString(id)).text(anomalyId.toString()).text(status)
                .text(actor).text(note).time(changedAt).hash();
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
