package io.auditoverlay.normalizer.store;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.nio.charset.StandardCharsets;

/**
 * A canonical event as one row of a PostgreSQL {@code COPY … FROM STDIN} in text format: columns
 * separated by tabs, {@code \N} for NULL, and backslash, tab, newline and carriage return escaped
 * with a backslash. JSON values keep their own escapes, with backslashes doubled.
 */
final class CopyRows {

    /** The columns, in the order {@link #line} writes them. */
    static final String COLUMNS = "event_id, source, database_name, table_name, op, primary_key, before, after, changed_columns, "
            + "transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file, binlog_pos, binlog_row, "
            + "gtid, snapshot, branch_id, schema_version";

    private static final String NULL = "\\N";

    private CopyRows() {
    }

    /** The event's COPY line, newline included, in UTF-8; the JSON and time columns as already written. */
    static byte[] line(CanonicalChangeEvent e, String primaryKey, String before, String after, String committedAt,
            String capturedAt) {
        int size = 256 + primaryKey.length() + (before == null ? 2 : before.length()) + (after == null ? 2 : after.length());
        StringBuilder out = new StringBuilder(size);
        out.append(e.eventId().toString()).append('\t');
        text(out, e.source()).append('\t');
        text(out, e.database()).append('\t');
        text(out, e.table()).append('\t');
        out.append(e.op().name()).append('\t');
        text(out, primaryKey).append('\t');
        text(out, before).append('\t');
        text(out, after).append('\t');
        text(out, ChangeEventStore.arrayLiteral(e.changedColumns())).append('\t');
        text(out, e.transactionId()).append('\t');
        number(out, e.transactionOrder()).append('\t');
        out.append(committedAt).append('\t');
        (capturedAt == null ? out.append(NULL) : out.append(capturedAt)).append('\t');
        number(out, e.position().serverId()).append('\t');
        text(out, e.position().file()).append('\t');
        number(out, e.position().pos()).append('\t');
        number(out, e.position().row()).append('\t');
        text(out, e.position().gtid()).append('\t');
        out.append(e.position().snapshot() ? 't' : 'f').append('\t');
        text(out, e.branchId()).append('\t');
        out.append(e.schemaVersion()).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder number(StringBuilder out, Number value) {
        return value == null ? out.append(NULL) : out.append(value.longValue());
    }

    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append(NULL);
        }
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            String escaped = switch (value.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                out.append(value, from, i).append(escaped);
                from = i + 1;
            }
        }
        return out.append(value, from, value.length());
    }
}
