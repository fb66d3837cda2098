package io.auditoverlay.simulator.catalog;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the catalogue into the source database with {@code INSERT IGNORE}: running it again, or
 * after {@code seed.sql}, adds only what is missing and never overwrites prices or stock that the
 * activity has since changed.
 */
public final class ChainSeeder {

    private final long seed;
    private final int customers;

    public ChainSeeder(long seed, int customers) {
        this.seed = seed;
        this.customers = customers;
    }

    /** Seeds everything in one transaction and returns rows inserted per table. */
    public Map<String, Integer> seed(Connection connection) throws SQLException {
        Map<String, Integer> inserted = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            inserted.put("roles", roles(connection));
            inserted.put("branches", branches(connection));
            List<ProductSpec> products = ChainCatalog.products(seed);
            inserted.put("products", products(connection, products));
            inserted.put("users", users(connection));
            inserted.put("customers", customers(connection));
            inserted.put("inventory", inventory(connection, products));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return inserted;
    }

    private static int roles(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO roles (id, name) VALUES (?, ?)")) {
            for (Map.Entry<Integer, String> role : new TreeMap<>(Roles.NAMES).entrySet()) {
                ps.setInt(1, role.getKey());
                ps.setString(2, role.getValue());
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private static int branches(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO branches"
                + " (id, code, name, timezone, opens_at, closes_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (BranchSpec b : ChainCatalog.branches()) {
                ps.setInt(1, b.id());
                ps.setString(2, b.code());
                ps.setString(3, b.name());
                ps.setString(4, b.timezone());
                ps.setTime(5, Time.valueOf(b.opensAt()));
                ps.setTime(6, Time.valueOf(b.closesAt()));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private static int products(Connection c, List<ProductSpec> products) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO products"
                + " (id, sku, name, category, schedule, unit_price, cost, active, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, ?)")) {
            for (ProductSpec p : products) {
                ps.setLong(1, p.id());
                ps.setString(2, p.sku());
                ps.setString(3, p.name());
                ps.setString(4, p.category());
                ps.setString(5, p.schedule());
                ps.setBigDecimal(6, p.unitPrice());
                ps.setBigDecimal(7, p.cost());
                ps.setTimestamp(8, utc(ChainCatalog.CATALOGUE_TIME));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private int users(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO users"
                + " (id, branch_id, username, full_name, email, role_id, active, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)")) {
            for (UserSpec u : ChainCatalog.users(seed)) {
                ps.setLong(1, u.id());
                if (u.branchId() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setInt(2, u.branchId());
                }
                ps.setString(3, u.username());
                ps.setString(4, u.fullName());
                ps.setString(5, u.email());
                ps.setInt(6, u.roleId());
                ps.setTimestamp(7, utc(u.createdAt()));
                ps.setTimestamp(8, utc(u.createdAt()));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private int customers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO customers"
                + " (id, full_name, phone, national_id, birth_date, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CustomerSpec cu : ChainCatalog.customers(seed, customers)) {
                ps.setLong(1, cu.id());
                ps.setString(2, cu.fullName());
                ps.setString(3, cu.phone());
                ps.setString(4, cu.nationalId());
                ps.setDate(5, Date.valueOf(cu.birthDate()));
                ps.setTimestamp(6, utc(cu.createdAt()));
                ps.addBatch();
            }
            return count(ps.executeBatch());
        }
    }

    private static int inventory(Connection c, List<ProductSpec> products) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO inventory"
                + " (branch_id, product_id, quantity, last_reason, last_user_id, updated_at)"
                + " VALUES (?, ?, ?, 'RECEIPT', NULL, ?)")) {
            for (BranchSpec b : ChainCatalog.branches()) {
                for (ProductSpec p : products) {
                    ps.setInt(1, b.id());
                    ps.setLong(2, p.id());
                    ps.setInt(3, ChainCatalog.openingStock(b, p));
                    ps.setTimestamp(4, utc(ChainCatalog.CATALOGUE_TIME));
                    ps.addBatch();
                }
            }
            return count(ps.executeBatch());
        }
    }

    /** A UTC wall-clock timestamp, independent of the JVM's zone (the schema stores UTC). */
    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static int count(int[] results) {
        int n = 0;
        for (int r : results) {
            // Drivers may report SUCCESS_NO_INFO (-2) for rewritten batches; count only what they report.
            n += Math.max(r, 0);
        }
        return n;
    }
}
