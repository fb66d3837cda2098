package io.auditoverlay.simulator.state;

import io.auditoverlay.simulator.catalog.ChainCatalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulator needs to know of the source database before it writes: branches, products,
 * users, customers, stock and the highest ids. Ids are then allocated by the simulator itself,
 * so that one seed gives the same rows, ids included, whatever the writers' interleaving.
 */
public final class ChainState {

    public final List<Branch> branches = new ArrayList<>();
    public final Map<Long, Product> products = new LinkedHashMap<>();
    public final List<User> users = new ArrayList<>();
    public final List<Long> customerIds = new ArrayList<>();
    /** branch id → product id → quantity on hand. */
    public final Map<Integer, Map<Long, Integer>> stock = new HashMap<>();
    /** table → highest id in use. */
    public final Map<String, Long> maxIds = new HashMap<>();

    private ChainState() {
    }

    public static ChainState load(Connection c) throws SQLException {
        try {
            return read(c);
        } catch (SQLException e) {
            if ("42S02".equals(e.getSQLState())) {
                throw new IllegalStateException("the source database lacks the reference schema (" + e.getMessage()
                        + "): run `simulate init` first", e);
            }
            throw e;
        }
    }

    /**
     * Keeps one branch: the others do not trade (a branch database holds the chain's catalogue but
     * only its own activity). Fails when the database has no such branch.
     */
    public ChainState onlyBranch(int id) {
        if (branches.stream().noneMatch(b -> b.id() == id)) {
            throw new IllegalArgumentException("--branch " + id + ": the source database has no branch " + id
                    + " (it has " + branches.stream().map(Branch::id).toList() + ")");
        }
        branches.removeIf(b -> b.id() != id);
        return this;
    }

    /** The highest id of every table whose ids the simulator allocates. */
    public static Map<String, Long> maxIds(Connection c) throws SQLException {
        Map<String, Long> result = new HashMap<>();
        try (Statement st = c.createStatement()) {
            for (String table : List.of("sales", "sale_items", "refunds", "inventory_adjustments", "prescriptions")) {
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
                    rs.next();
                    result.put(table, rs.getLong(1));
                }
            }
        }
        return result;
    }

    private static ChainState read(Connection c) throws SQLException {
        ChainState s = new ChainState();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT id, code, timezone, opens_at, closes_at FROM branches ORDER BY id")) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    s.branches.add(new Branch(id, rs.getString(2), ZoneId.of(rs.getString(3)),
                            rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class), ChainCatalog.sizeOf(id)));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT id, schedule, unit_price, cost FROM products WHERE active ORDER BY id")) {
                while (rs.next()) {
                    s.products.put(rs.getLong(1),
                            new Product(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT id, branch_id, username, role_id FROM users WHERE active ORDER BY id")) {
                while (rs.next()) {
                    int branch = rs.getInt(2);
                    s.users.add(new User(rs.getLong(1), rs.wasNull() ? null : branch, rs.getString(3), rs.getInt(4)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id FROM customers ORDER BY id")) {
                while (rs.next()) {
                    s.customerIds.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT branch_id, product_id, quantity FROM inventory ORDER BY branch_id, product_id")) {
                while (rs.next()) {
                    s.stock.computeIfAbsent(rs.getInt(1), b -> new HashMap<>()).put(rs.getLong(2), rs.getInt(3));
                }
            }
        }
        s.maxIds.putAll(maxIds(c));
        if (s.branches.isEmpty() || s.products.isEmpty() || s.users.isEmpty()) {
            throw new IllegalStateException("the source database has no branches, products or users: run `simulate init` first");
        }
        return s;
    }
}
