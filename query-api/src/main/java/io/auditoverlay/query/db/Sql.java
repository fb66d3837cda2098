package io.auditoverlay.query.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Cursor;

/**
 * A WHERE clause built from filters. Every value is a bound parameter, never text in the SQL,
 * so quotes and other SQL metacharacters in a filter are just characters.
 */
public final class Sql {

    private final List<String> clauses = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds {@code clause} (with its {@code ?} placeholders) when the value is present. */
    public Sql and(String clause, Object value) {
        if (value != null && !(value instanceof Collection<?> c && c.isEmpty())) {
            clauses.add(clause);
            params.add(value);
        }
        return this;
    }

    /** Adds a clause with several placeholders, unconditionally. */
    public Sql andAll(String clause, Object... values) {
        clauses.add(clause);
        params.addAll(List.of(values));
        return this;
    }

    /** Restricts to the caller's branches, if they are restricted. */
    public Sql scope(Caller caller, String column) {
        caller.branches().ifPresent(set -> andAll(column + " = ANY(?)", new TextArray(List.copyOf(set))));
        return this;
    }

    /** Keyset pagination, newest first: rows strictly after the cursor. */
    public Sql after(Cursor cursor, String timeColumn, String idColumn, String idType) {
        if (cursor != null) {
            Object id = "uuid".equals(idType) ? uuid(cursor.id()) : cursor.id();
            andAll("(" + timeColumn + ", " + idColumn + ") < (?, ?)", cursor.time(), id);
        }
        return this;
    }

    /** The bound values, in placeholder order (to combine two clauses in one statement). */
    public List<Object> params() {
        return List.copyOf(params);
    }

    public String where() {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    public PreparedStatement prepare(Connection connection, String sql, Object... trailing) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        int i = 1;
        for (Object p : params) {
            bind(connection, ps, i++, p);
        }
        for (Object p : trailing) {
            bind(connection, ps, i++, p);
        }
        return ps;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code text} (whose WHERE is {@link #where()}) with this filter's values, then the
     * trailing ones, and maps every row; a failure is reported as {@code what} (see {@link Rows#failure}).
     */
    public <T> List<T> list(DataSource dataSource, String text, RowMapper<T> mapper, String what, Object... trailing) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, text, trailing);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw Rows.failure(what, e);
        }
    }

    public static void bind(Connection connection, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof TextArray a) {
            ps.setArray(index, connection.createArrayOf("text", a.values().toArray()));
        } else if (value instanceof UuidArray a) {
            ps.setArray(index, connection.createArrayOf("uuid", a.values().toArray()));
        } else {
            ps.setObject(index, value);
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor is malformed: pass the nextCursor of a previous page unchanged");
        }
    }

    /** A text[] parameter. */
    public record TextArray(List<String> values) {
    }

    /** A uuid[] parameter. */
    public record UuidArray(List<UUID> values) {
    }
}
