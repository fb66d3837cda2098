package io.auditoverlay.normalizer.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Canonical events as the rows of a PostgreSQL {@code COPY … FROM STDIN} in text format: one line
 * per event, columns separated by tabs, {@code \N} for NULL, and backslash, tab, newline and
 * carriage return escaped with a backslash. JSON values keep their own escapes, with backslashes doubled.
 */
final class CopyRows {

    /** The columns, in the order {@link #append} writes them. */
    static final String COLUMNS = "event_id, source, database_name, table_name, op, primary_key, before, after, changed_columns, "
            + "transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file, binlog_pos, binlog_row, "
            + "gtid, snapshot, branch_id, schema_version";

    private final ObjectMapper json;
    private final StringBuilder out;

    CopyRows(ObjectMapper json, int expectedRows) {
        this.json = json;
        this.out = new StringBuilder(Math.max(1024, expectedRows * 1024));
    }

    /** Appends one event as a COPY line. */
    CopyRows append(CanonicalChangeEvent e) {
        out.append(e.eventId().toString()).append('\t');
        text(e.source()).append('\t');
        text(e.database()).append('\t');
        text(e.table()).append('\t');
        out.append(e.op().name()).append('\t');
        json(e.primaryKey()).append('\t');
        json(e.before()).append('\t');
        json(e.after()).append('\t');
        text(ChangeEventStore.arrayLiteral(e.changedColumns())).append('\t');
        text(e.transactionId()).append('\t');
        number(e.transactionOrder()).append('\t');
        out.append(e.committedAt().toString()).append('\t');
        (e.capturedAt() == null ? out.append("\\N") : out.append(e.capturedAt().toString())).append('\t');
        number(e.position().serverId()).append('\t');
        text(e.position().file()).append('\t');
        number(e.position().pos()).append('\t');
        number(e.position().row()).append('\t');
        text(e.position().gtid()).append('\t');
        out.append(e.position().snapshot() ? 't' : 'f').append('\t');
        text(e.branchId()).append('\t');
        out.append(e.schemaVersion()).append('\n');
        return this;
    }

    CopyRows appendAll(List<CanonicalChangeEvent> events) {
        events.forEach(this::append);
        return this;
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private StringBuilder number(Number value) {
        return value == null ? out.append("\\N") : out.append(value.longValue());
    }

    private StringBuilder text(String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            escape(out, value.charAt(i));
        }
        return out;
    }

    private StringBuilder json(Object value) {
        if (value == null) {
            return out.append("\\N");
        }
        String text;
        try {
            text = json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
        // JSON escapes control characters itself: only its backslashes need COPY's escape.
        if (text.indexOf('\\') < 0) {
            return out.append(text);
        }
        for (int i = 0; i < text.length(); i++) {
            escape(out, text.charAt(i));
        }
        return out;
    }

    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> out.append(c);
        }
    }
}
