package io.auditoverlay.auditctl.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every retention action is one row of query-api's {@code api.access_log}: channel EXPORT (data
 * leaves the database for a file, or leaves for good), method RETENTION, the object as path, what
 * was done in {@code tool} and the counts and files in {@code arguments}.
 */
final class AccessRecord {

    private AccessRecord() {
    }

    static void write(Connection c, String actor, String object, String action, long rows, long bytes, long millis,
            ObjectNode details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO api.access_log (at, actor, role, channel, method, path, tool, arguments, status, rows, bytes,
                    duration_ms, client)
                VALUES (now(), ?, 'owner', 'EXPORT', 'RETENTION', ?, ?, ?::jsonb, 200, ?, ?, ?, 'auditctl retention')""")) {
            ps.setString(1, actor);
            ps.setString(2, object);
            ps.setString(3, action);
            ps.setString(4, details.toString());
            ps.setInt(5, (int) Math.min(Integer.MAX_VALUE, rows));
            ps.setLong(6, bytes);
            ps.setInt(7, (int) Math.min(Integer.MAX_VALUE, millis));
            ps.executeUpdate();
        }
    }
}
