package io.auditoverlay.query.anomalies;

import io.auditoverlay.model.integrity.ChainAppender;
import io.auditoverlay.model.integrity.ChainEntry;
import io.auditoverlay.model.integrity.ChainedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code insights.anomaly}; writes only its status, with a row in {@code insights.anomaly_status_change}. */
@ApplicationScoped
public class AnomalyRepository {

    /** Status changes form one chain (they are few): its source name. */
    static final String STATUS_CHAIN_SOURCE = "all";
    private static final ChainAppender STATUS_CHAIN = new ChainAppender(ChainedTable.ANOMALY_STATUS_CHANGE.table());

    private static final String OTHER_COLUMNS = "id, detector, severity, score, branch_id, subject_type, subject_id, window_start, "
            + "window_end, explanation, llm_explanation, explained_by, status, status_changed_at, status_changed_by, detected_at, "
            + "coalesce(cardinality(evidence), 0) AS evidence_count";
    static final String COLUMNS = OTHER_COLUMNS + ", evidence";

    private final DataSource dataSource;
    /** A list's columns: the evidence cut to its first ids in SQL (an anomaly may cite 200 events). */
    private final String listColumns;

    public AnomalyRepository(DataSource dataSource, QueryConfig config) {
        this.dataSource = dataSource;
        this.listColumns = OTHER_COLUMNS + ", evidence[1:" + Math.max(0, config.listEvidence()) + "] AS evidence";
    }

    public Page<AnomalyView> list(AnomalyFilter f, Caller caller, int limit, Cursor cursor) {
        Sql sql = new Sql()
                .and("status = ANY(?)", f.statuses().isEmpty() ? null : new Sql.TextArray(f.statuses()))
                .and("severity = ANY(?)", f.severities().isEmpty() ? null : new Sql.TextArray(f.severities()))
                .and("branch_id = ?", f.branch())
                .and("detector = ?", f.detector())
                .and("detected_at >= ?", f.from())
                .and("detected_at < ?", f.to())
                .scope(caller, "branch_id")
                .after(cursor, "detected_at", "id", "uuid");
        List<AnomalyView> rows = query(listColumns, sql, " ORDER BY detected_at DESC, id DESC LIMIT ?", limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            AnomalyView last = rows.get(limit - 1);
            next = new Cursor(last.detectedAt(), last.id().toString()).encode();
        }
        return new Page<>(List.copyOf(rows), limit, next);
    }

    public Optional<AnomalyView> byId(UUID id) {
        return query(COLUMNS, new Sql().and("id = ?", id), "").stream().findFirst();
    }

    public List<StatusChange> history(UUID id) {
        String sql = "SELECT id, status, actor, note, changed_at FROM insights.anomaly_status_change WHERE anomaly_id = ? ORDER BY changed_at, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<StatusChange> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StatusChange(rs.getLong("id"), rs.getString("status"), rs.getString("actor"),
                            rs.getString("note"), Rows.instant(rs, "changed_at")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw Rows.failure("reading anomaly status history", e);
        }
    }

    /**
     * Moves an anomaly from {@code expected} to {@code status} and records who did it, in one
     * transaction. Returns false when the status was no longer {@code expected} (a concurrent change).
     */
    public boolean changeStatus(UUID id, String expected, String status, String actor, String note, Instant changedAt) {
        // What PostgreSQL keeps (microseconds), so that the chain's leaf hashes the stored value.
        Instant at = changedAt.truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE insights.anomaly SET status = ?, status_changed_at = ?, "
                    + "status_changed_by = ? WHERE id = ? AND status = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO insights.anomaly_status_change "
                         + "(anomaly_id, status, actor, note, changed_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                update.setString(1, status);
                Sql.bind(c, update, 2, at);
                update.setString(3, actor);
                update.setObject(4, id);
                update.setString(5, expected);
                if (update.executeUpdate() != 1) {
                    c.rollback();
                    return false;
                }
                insert.setObject(1, id);
                insert.setString(2, status);
                insert.setString(3, actor);
                insert.setString(4, note);
                Sql.bind(c, insert, 5, at);
                long changeId;
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    changeId = rs.getLong(1);
                }
                // One link per change in the status-change chain (docs/integrity.md).
                STATUS_CHAIN.append(c, List.of(new ChainEntry(STATUS_CHAIN_SOURCE, Long.toString(changeId),
                        ChainedTable.statusChangeLeaf(changeId, id, status, actor, note, at), null)));
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Rows.failure("changing an anomaly's status", e);
        }
    }

    private List<AnomalyView> query(String columns, Sql sql, String tail, Object... trailing) {
        String text = "SELECT " + columns + " FROM insights.anomaly" + sql.where() + tail;
        return sql.list(dataSource, text, AnomalyRepository::map, "reading anomalies", trailing);
    }

    static AnomalyView map(ResultSet rs) throws SQLException {
        double score = rs.getDouble("score");
        Double boxed = rs.wasNull() ? null : score;
        return new AnomalyView(rs.getObject("id", UUID.class), rs.getString("detector"), rs.getString("severity"), boxed,
                rs.getString("branch_id"), rs.getString("subject_type"), rs.getString("subject_id"),
                Rows.instant(rs, "window_start"), Rows.instant(rs, "window_end"), Rows.uuids(rs, "evidence"), rs.getInt("evidence_count"),
                rs.getString("explanation"), rs.getString("llm_explanation"), rs.getString("explained_by"),
                rs.getString("status"), Rows.instant(rs, "status_changed_at"), rs.getString("status_changed_by"),
                Rows.instant(rs, "detected_at"));
    }
}
