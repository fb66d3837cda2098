package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * insights.completeness_cursor: how far the binlog scan of a source has got, and each GTID
 * domain's last sequence there (so that a hole across two runs is seen).
 */
record BinlogCursor(String file, long pos, Map<Long, Long> lastSeq) {

    static BinlogCursor load(Connection audit, String source, ObjectMapper mapper) throws SQLException {
        try (PreparedStatement ps = audit.prepareStatement(
                "SELECT binlog_file, binlog_pos, last_seq::text FROM insights.completeness_cursor WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<Long, Long> seq = new HashMap<>();
                mapper.readValue(rs.getString(3), new TypeReference<Map<String, Long>>() { })
                        .forEach((k, v) -> seq.put(Long.parseLong(k), v));
                return new BinlogCursor(rs.getString(1), rs.getLong(2), seq);
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable completeness cursor: " + e.getMessage(), e);
        }
    }

    void save(Connection audit, String source, ObjectMapper mapper) throws SQLException {
        try (PreparedStatement ps = audit.prepareStatement("""
                INSERT INTO insights.completeness_cursor (source, binlog_file, binlog_pos, last_seq) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (source) DO UPDATE SET binlog_file = excluded.binlog_file, binlog_pos = excluded.binlog_pos,
                    last_seq = excluded.last_seq, updated_at = now()""")) {
            ps.setString(1, source);
            ps.setString(2, file);
            ps.setLong(3, pos);
            ps.setString(4, mapper.writeValueAsString(lastSeq));
            ps.executeUpdate();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
