package io.auditoverlay.query.db;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.auditoverlay.query.web.ApiException;

/** Reading typed values out of result sets. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    public static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    public static Boolean boolOrNull(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    public static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }

    public static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(o -> (UUID) o).toList();
    }

    /**
     * A query's execution failing is a server fault; wrap it so it reaches the 500 mapper. No free
     * connection within the pool's acquisition timeout is overload instead: 503, try again.
     */
    public static RuntimeException failure(String what, SQLException e) {
        if (poolExhausted(e)) {
            return ApiException.busy(what);
        }
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }

    /** Agroal's answer when no connection came free in time (a plain SQLException, told by its message). */
    static boolean poolExhausted(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("acquisition timeout");
    }
}
