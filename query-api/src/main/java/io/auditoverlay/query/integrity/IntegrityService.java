package io.auditoverlay.query.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;

/** Compares the END markers of source transactions with the row changes stored for them. */
@ApplicationScoped
public class IntegrityService {

    private static final String MISMATCHES = """
            SELECT t.transaction_id, t.event_count, count(c.event_id) AS stored
            FROM changes.source_transaction t
            LEFT JOIN changes.change_event c ON c.transaction_id = t.transaction_id
            WHERE t.ended_at >= ? AND t.ended_at < ?
            GROUP BY t.transaction_id, t.event_count
            HAVING count(c.event_id) <> t.event_count
            ORDER BY t.transaction_id""";

    private static final String CHECKED = "SELECT count(*) FROM changes.source_transaction WHERE ended_at >= ? AND ended_at < ?";

    private static final String WITHOUT_END = """
            SELECT count(DISTINCT c.transaction_id) FROM changes.change_event c
            WHERE c.committed_at >= ? AND c.committed_at < ? AND c.transaction_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM changes.source_transaction t WHERE t.transaction_id = c.transaction_id)""";

    private final DataSource dataSource;

    public IntegrityService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public IntegrityReport check(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long checked = count(c, CHECKED, from, to);
            List<IntegrityReport.Mismatch> mismatches = new ArrayList<>();
            long mismatchCount = 0;
            try (PreparedStatement ps = c.prepareStatement(MISMATCHES)) {
                Sql.bind(c, ps, 1, from);
                Sql.bind(c, ps, 2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        mismatchCount++;
                        if (mismatches.size() < 100) {
                            mismatches.add(new IntegrityReport.Mismatch(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                        }
                    }
                }
            }
            long withoutEnd = count(c, WITHOUT_END, from, to);
            c.rollback();
            return new IntegrityReport(from, to, checked, mismatchCount, mismatches, withoutEnd);
        } catch (SQLException e) {
            throw Rows.failure("checking integrity", e);
        }
    }

    private static long count(Connection c, String sql, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(c, ps, 1, from);
            Sql.bind(c, ps, 2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
