package io.auditoverlay.query.branches;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The branches, derived from the data: every branch id in business events and row changes, named
 * from the newest captured row of the source's {@code branches} table.
 */
@ApplicationScoped
public class BranchRepository {

    // A loose index scan: one index probe per distinct branch instead of a scan of every row.
    private static final String DISTINCT = """
            WITH RECURSIVE b AS (
              (SELECT branch_id FROM %1$s WHERE branch_id IS NOT NULL ORDER BY branch_id LIMIT 1)
              UNION ALL
              SELECT (SELECT t.branch_id FROM %1$s t WHERE t.branch_id > b.branch_id ORDER BY t.branch_id LIMIT 1)
              FROM b WHERE b.branch_id IS NOT NULL)
            SELECT branch_id FROM b WHERE branch_id IS NOT NULL""";

    private static final String NAMES = """
            SELECT DISTINCT ON (primary_key) after->>'id' AS id, after->>'code' AS code, after->>'name' AS name,
                   after->>'timezone' AS timezone
            FROM changes.change_event
            WHERE table_name = 'branches' AND after IS NOT NULL
            ORDER BY primary_key, committed_at DESC""";

    private final DataSource dataSource;

    public BranchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<BranchView> list(Caller caller) {
        try (Connection c = dataSource.getConnection()) {
            TreeSet<String> ids = new TreeSet<>();
            ids.addAll(column(c, DISTINCT.formatted("business.business_event")));
            ids.addAll(column(c, DISTINCT.formatted("changes.change_event")));
            Map<String, BranchView> named = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(NAMES); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BranchView v = new BranchView(rs.getString("id"), rs.getString("code"), rs.getString("name"), rs.getString("timezone"));
                    if (v.id() != null) {
                        named.put(v.id(), v);
                        ids.add(v.id());
                    }
                }
            }
            List<BranchView> out = new ArrayList<>();
            for (String id : ids) {
                if (caller.sees(id)) {
                    out.add(named.getOrDefault(id, new BranchView(id, null, null, null)));
                }
            }
            out.sort(Comparator.comparing((BranchView b) -> b.id().length()).thenComparing(BranchView::id));
            return out;
        } catch (SQLException e) {
            throw Rows.failure("listing branches", e);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
