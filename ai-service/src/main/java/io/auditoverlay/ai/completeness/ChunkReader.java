package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one key range of a table on both sides: the source's rows (a primary-key range scan) and
 * the trail's latest event per key ({@code DISTINCT ON (primary_key)} over the {@code (table_name,
 * primary_key)} index, latest by binlog position: a snapshot row carries the position its snapshot
 * started at, so every streamed change after it sorts later).
 */
final class ChunkReader {

    /** A key's latest event in the trail; {@code values} is null when that event is a delete. */
    record TrailRow(List<String> values, String file, long pos) {
    }

    private final RowCanon canon;
    private final ObjectMapper mapper;
    private final String changeTable;
    private final String sourceName;

    ChunkReader(RowCanon canon, ObjectMapper mapper, String changeTable, String sourceName) {
        this.canon = canon;
        this.mapper = mapper;
        this.changeTable = changeTable;
        this.sourceName = sourceName;
    }

    /** Source rows of the range: key → canonical values in column order. */
    Map<String, List<String>> source(Connection source, SourceTable t, KeyRange r) throws SQLException {
        String cols = t.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        String order = t.keyColumns().stream().map(ChunkReader::quote).collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(cols).append(" FROM ").append(quote(t.database())).append('.')
                .append(quote(t.name())).append(" WHERE 1=1");
        if (r.from() != null) {
            sql.append(" AND ").append(quote(r.column())).append(" >= ").append(r.from());
        }
        if (r.to() != null) {
            sql.append(" AND ").append(quote(r.column())).append(" < ").append(r.to());
        }
        sql.append(" ORDER BY ").append(order);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement(sql.toString()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> values = new ArrayList<>(t.columns().size());
                for (int i = 0; i < t.columns().size(); i++) {
                    values.add(canon.source(rs, i + 1, t.columns().get(i)));
                }
                rows.put(key(t, values), values);
            }
        }
        return rows;
    }

    /** The trail's latest state per key of the range. */
    Map<String, TrailRow> trail(Connection audit, SourceTable t, KeyRange r) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ON (primary_key) primary_key::text, op, after::text, binlog_file, binlog_pos FROM ")
                .append(changeTable).append(" WHERE table_name = ? AND source = ? AND database_name = ? AND primary_key <> '{}'::jsonb");
        if (r.from() != null) {
            sql.append(" AND primary_key >= ?::jsonb");
        }
        if (r.to() != null) {
            sql.append(" AND primary_key < ?::jsonb");
        }
        sql.append(" ORDER BY primary_key, binlog_file DESC NULLS LAST, binlog_pos DESC NULLS LAST,"
                + " transaction_order DESC NULLS LAST, binlog_row DESC NULLS LAST, committed_at DESC");
        Map<String, TrailRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = audit.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, t.name());
            ps.setString(i++, sourceName);
            ps.setString(i++, t.database());
            if (r.from() != null) {
                ps.setString(i++, bound(t, r.from()));
            }
            if (r.to() != null) {
                ps.setString(i, bound(t, r.to()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode pk = read(rs.getString(1));
                    String key = t.keyColumns().stream().map(k -> k + "=" + canon.trail(pk.get(k), t.column(k)))
                            .collect(Collectors.joining(","));
                    List<String> values = null;
                    if (!"DELETE".equals(rs.getString(2)) && rs.getString(3) != null) {
                        JsonNode after = read(rs.getString(3));
                        values = new ArrayList<>(t.columns().size());
                        for (SourceTable.Column c : t.columns()) {
                            values.add(canon.trail(after.get(c.name()), c));
                        }
                    }
                    rows.put(key, new TrailRow(values, rs.getString(4), rs.getLong(5)));
                }
            }
        }
        return rows;
    }

    /**
     * Where the table was last emptied in the trail (file and position), or null: a TRUNCATE, or a
     * DROP TABLE (a table dropped and created again under the same name starts empty; its earlier
     * rows are not gone "without a delete event").
     */
    TrailRow lastTruncate(Connection audit, SourceTable t) throws SQLException {
        try (PreparedStatement ps = audit.prepareStatement("SELECT binlog_file, binlog_pos FROM " + changeTable
                + " WHERE table_name = ? AND primary_key = '{}'::jsonb AND source = ? AND database_name = ?"
                + " AND (op = 'TRUNCATE' OR (op = 'DDL' AND after->>'change' = 'DROP'))"
                + " ORDER BY binlog_file DESC NULLS LAST, binlog_pos DESC NULLS LAST LIMIT 1")) {
            ps.setString(1, t.name());
            ps.setString(2, sourceName);
            ps.setString(3, t.database());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new TrailRow(null, rs.getString(1), rs.getLong(2)) : null;
            }
        }
    }

    /** Lowest and highest value of the chunk column at the source (two index dives), or null when empty. */
    long[] span(Connection source, SourceTable t, String column) throws SQLException {
        try (PreparedStatement ps = source.prepareStatement("SELECT MIN(" + quote(column) + "), MAX(" + quote(column) + ") FROM "
                + quote(t.database()) + "." + quote(t.name())); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String key(SourceTable t, List<String> values) {
        StringBuilder key = new StringBuilder();
        for (String k : t.keyColumns()) {
            if (!key.isEmpty()) {
                key.append(',');
            }
            int i = t.columns().indexOf(t.column(k));
            key.append(k).append('=').append(values.get(i));
        }
        return key.toString();
    }

    /** A jsonb bound on the chunk column: the other key columns null, the smallest jsonb value. */
    private String bound(SourceTable t, long value) {
        ObjectNode o = mapper.createObjectNode();
        for (String k : t.keyColumns()) {
            if (k.equals(t.chunkColumn())) {
                o.put(k, value);
            } else {
                o.putNull(k);
            }
        }
        return o.toString();
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in the trail: " + e.getMessage(), e);
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
