package io.auditoverlay.query.changes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code changes.change_event}. */
@ApplicationScoped
public class ChangeRepository {

    public static final String COLUMNS = "event_id, source, database_name, table_name, op, primary_key::text AS primary_key, "
            + "before::text AS before, after::text AS after, changed_columns, transaction_id, transaction_order, committed_at, "
            + "captured_at, server_id, binlog_file, binlog_pos, binlog_row, gtid, snapshot, branch_id, schema_version";

    /** How far from its business event's time a row change is first looked for. */
    public static final Duration NEAR = Duration.ofDays(2);
    private static final String NEAR_INTERVAL = NEAR.toHours() + " hours";

    private final DataSource dataSource;

    public ChangeRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page<ChangeView> list(ChangeFilter f, Caller caller, int limit, Cursor cursor) {
        Sql sql = filter(f, caller).after(cursor, "committed_at", "event_id", "uuid");
        List<ChangeView> rows = query(sql, " ORDER BY committed_at DESC, event_id DESC LIMIT ?", limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            ChangeView last = rows.get(limit - 1);
            next = new Cursor(last.committedAt(), last.eventId().toString()).encode();
        }
        return new Page<>(List.copyOf(rows), limit, next);
    }

    /** A transaction's changes in commit order. */
    public List<ChangeView> byTransaction(String transactionId, int max) {
        return query(new Sql().and("transaction_id = ?", transactionId), " ORDER BY transaction_order, committed_at LIMIT ?", max);
    }

    public List<ChangeView> byIds(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query(new Sql().and("event_id = ANY(?)", new Sql.UuidArray(ids)), " ORDER BY committed_at, transaction_order");
    }

    /** Where a row change's commit time is known to lie: [from, to], before the slack of {@link #NEAR} either side. */
    public record Span(Instant from, Instant to) {
    }

    /**
     * Row changes by id, each looked up only within {@link #NEAR} of the span its commit time is
     * known to lie in (from the business event that cites it), so that PostgreSQL probes the month
     * partitions of that span (run-time partition pruning of the lateral join) instead of every
     * partition. An id not found there is looked up unbounded.
     */
    public List<ChangeView> byIdsNear(Map<UUID, Span> near) {
        if (near.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = List.copyOf(near.keySet());
        List<String> from = ids.stream().map(id -> near.get(id).from().toString()).toList();
        List<String> to = ids.stream().map(id -> near.get(id).to().toString()).toList();
        String text = "SELECT " + COLUMNS + " FROM unnest(?::uuid[], ?::text[]::timestamptz[], ?::text[]::timestamptz[]) AS k(id, lo, hi)"
                + " CROSS JOIN LATERAL (SELECT * FROM changes.change_event c WHERE c.event_id = k.id"
                + " AND c.committed_at >= k.lo - ?::interval AND c.committed_at <= k.hi + ?::interval) c"
                + " ORDER BY committed_at, transaction_order";
        List<ChangeView> found = new ArrayList<>(new Sql().list(dataSource, text, ChangeRepository::map, "reading changes",
                new Sql.UuidArray(ids), new Sql.TextArray(from), new Sql.TextArray(to), NEAR_INTERVAL, NEAR_INTERVAL));
        if (found.size() < ids.size()) {
            Set<UUID> seen = new HashSet<>();
            found.forEach(c -> seen.add(c.eventId()));
            List<UUID> missing = ids.stream().filter(id -> !seen.contains(id)).toList();
            found.addAll(byIds(missing));
        }
        return found;
    }

    /** The changes of one source row (table and primary key as canonical JSON), newest first. */
    public List<ChangeView> byRow(String table, String primaryKeyJson, Caller caller, int max) {
        Sql sql = new Sql().and("table_name = ?", table).andAll("primary_key = ?::jsonb", primaryKeyJson).scope(caller, "branch_id");
        return query(sql, " ORDER BY committed_at DESC, event_id DESC LIMIT ?", max);
    }

    public Sql filter(ChangeFilter f, Caller caller) {
        return new Sql()
                .and("table_name = ?", f.table())
                .and("op = ?", f.op())
                .and("branch_id = ?", f.branch())
                .and("primary_key = ?::jsonb", f.primaryKey())
                .and("transaction_id = ?", f.transactionId())
                .and("committed_at >= ?", f.from())
                .and("committed_at < ?", f.to())
                .scope(caller, "branch_id");
    }

    private List<ChangeView> query(Sql sql, String tail, Object... trailing) {
        String text = "SELECT " + COLUMNS + " FROM changes.change_event" + sql.where() + tail;
        return sql.list(dataSource, text, ChangeRepository::map, "reading changes", trailing);
    }

    public static ChangeView map(ResultSet rs) throws SQLException {
        return new ChangeView(
                rs.getObject("event_id", UUID.class),
                rs.getString("source"),
                rs.getString("database_name"),
                rs.getString("table_name"),
                rs.getString("op"),
                rs.getString("primary_key"),
                rs.getString("before"),
                rs.getString("after"),
                Rows.texts(rs, "changed_columns"),
                rs.getString("transaction_id"),
                Rows.longOrNull(rs, "transaction_order"),
                Rows.instant(rs, "committed_at"),
                Rows.instant(rs, "captured_at"),
                new ChangeView.Position(Rows.longOrNull(rs, "server_id"), rs.getString("binlog_file"),
                        Rows.longOrNull(rs, "binlog_pos"), Rows.intOrNull(rs, "binlog_row"), rs.getString("gtid")),
                rs.getBoolean("snapshot"),
                rs.getString("branch_id"),
                rs.getInt("schema_version"));
    }
}
