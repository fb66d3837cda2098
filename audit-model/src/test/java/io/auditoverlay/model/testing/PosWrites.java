package io.auditoverlay.model.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Source transactions shaped as the POS writes them (docs/architecture.md,
 * "Reference source schema"), committed in the local stack's MariaDB (127.0.0.1:{@code SOURCE_DB_PORT}, default 3307)
 * against the reference schema and its seed. Each returns what identifies it; {@link #lastGtid()}
 * gives the GTID of the connection's last transaction.
 */
public final class PosWrites {

    public static final String SOURCE_URL = "jdbc:mariadb://127.0.0.1:"
            + (System.getenv("SOURCE_DB_PORT") == null ? "3307" : System.getenv("SOURCE_DB_PORT")) + "/pharmacy";

    private static final ThreadLocal<String> LAST_GTID = new ThreadLocal<>();

    private PosWrites() {
    }

    public static Connection source() throws SQLException {
        return DriverManager.getConnection(SOURCE_URL, "pos", "pos");
    }

    /** The GTID of the last transaction committed by a method of this class on this thread. */
    public static String lastGtid() {
        return LAST_GTID.get();
    }

    private static void commit(Connection c) throws SQLException {
        c.commit();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@last_gtid")) {
            rs.next();
            LAST_GTID.set(rs.getString(1));
        }
    }

    /** A completed sale of one unit of each product: sales row, items, then per item an inventory update and a SALE adjustment. */
    public static long sale(int branchId, long userId, List<Long> productIds) throws Exception {
        try (Connection c = source()) {
            c.setAutoCommit(false);
            long saleId;
            // The total is known before the sales row is written: a sale is exactly its rows, no later UPDATE.
            BigDecimal total = BigDecimal.ZERO;
            try (PreparedStatement price = c.prepareStatement("SELECT unit_price FROM products WHERE id = ?")) {
                for (long productId : productIds) {
                    price.setLong(1, productId);
                    ResultSet rs = price.executeQuery();
                    rs.next();
                    total = total.add(rs.getBigDecimal(1));
                }
            }
            try (PreparedStatement sale = c.prepareStatement("""
                    INSERT INTO sales (branch_id, user_id, customer_id, status, subtotal, discount, total, payment_method, created_at, completed_at)
                    VALUES (?, ?, NULL, 'COMPLETED', ?, 0, ?, 'CARD', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))""",
                    Statement.RETURN_GENERATED_KEYS)) {
                sale.setInt(1, branchId);
                sale.setLong(2, userId);
                sale.setBigDecimal(3, total);
                sale.setBigDecimal(4, total);
                sale.executeUpdate();
                ResultSet keys = sale.getGeneratedKeys();
                keys.next();
                saleId = keys.getLong(1);
            }
            try (PreparedStatement item = c.prepareStatement("""
                    INSERT INTO sale_items (sale_id, product_id, quantity, unit_price, discount, line_total)
                    SELECT ?, id, 1, unit_price, 0, unit_price FROM products WHERE id = ?""")) {
                for (long productId : productIds) {
                    item.setLong(1, saleId);
                    item.setLong(2, productId);
                    item.executeUpdate();
                }
            }
            try (PreparedStatement stock = c.prepareStatement("""
                    UPDATE inventory SET quantity = quantity - 1, last_reason = 'SALE', last_user_id = ?, updated_at = UTC_TIMESTAMP(3)
                    WHERE branch_id = ? AND product_id = ?""");
                    PreparedStatement adjustment = c.prepareStatement("""
                    INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, note, created_at)
                    VALUES (?, ?, ?, -1, 'SALE', ?, UTC_TIMESTAMP(3))""")) {
                for (long productId : productIds) {
                    stock.setLong(1, userId);
                    stock.setInt(2, branchId);
                    stock.setLong(3, productId);
                    stock.executeUpdate();
                    adjustment.setInt(1, branchId);
                    adjustment.setLong(2, productId);
                    adjustment.setLong(3, userId);
                    adjustment.setString(4, "sale " + saleId);
                    adjustment.executeUpdate();
                }
            }
            commit(c);
            return saleId;
        }
    }

    /** A void: status → VOIDED with who and why, the refund row for the total, and every item restocked (RETURN). */
    public static void voidSale(long saleId, long managerId, String reason) throws Exception {
        giveBack(saleId, managerId, "VOIDED", reason);
    }

    /** A refund: status → REFUNDED, the refund row for the total, and every item restocked (RETURN). */
    public static void refund(long saleId, long userId, String reason) throws Exception {
        giveBack(saleId, userId, "REFUNDED", reason);
    }

    private static void giveBack(long saleId, long userId, String status, String reason) throws Exception {
        try (Connection c = source()) {
            c.setAutoCommit(false);
            int branchId;
            BigDecimal total;
            try (PreparedStatement q = c.prepareStatement("SELECT branch_id, total FROM sales WHERE id = ?")) {
                q.setLong(1, saleId);
                ResultSet rs = q.executeQuery();
                rs.next();
                branchId = rs.getInt(1);
                total = rs.getBigDecimal(2);
            }
            boolean isVoid = "VOIDED".equals(status);
            try (PreparedStatement u = c.prepareStatement(isVoid
                    ? "UPDATE sales SET status = 'VOIDED', voided_by = ?, void_reason = ? WHERE id = ?"
                    : "UPDATE sales SET status = 'REFUNDED' WHERE id = ?")) {
                int i = 1;
                if (isVoid) {
                    u.setLong(i++, userId);
                    u.setString(i++, reason);
                }
                u.setLong(i, saleId);
                u.executeUpdate();
            }
            try (PreparedStatement r = c.prepareStatement(
                    "INSERT INTO refunds (sale_id, branch_id, user_id, amount, reason, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))")) {
                r.setLong(1, saleId);
                r.setInt(2, branchId);
                r.setLong(3, userId);
                r.setBigDecimal(4, total);
                r.setString(5, reason);
                r.executeUpdate();
            }
            try (PreparedStatement items = c.prepareStatement("SELECT product_id, quantity FROM sale_items WHERE sale_id = ? ORDER BY id")) {
                items.setLong(1, saleId);
                ResultSet rs = items.executeQuery();
                while (rs.next()) {
                    adjust(c, branchId, rs.getLong(1), userId, rs.getInt(2), "RETURN", status.toLowerCase() + " " + saleId);
                }
            }
            commit(c);
        }
    }

    /** A manual stock adjustment: the inventory update and the adjustment row. */
    public static void adjustment(int branchId, long productId, long userId, int delta, String reason) throws Exception {
        try (Connection c = source()) {
            c.setAutoCommit(false);
            adjust(c, branchId, productId, userId, delta, reason, "manual");
            commit(c);
        }
    }

    private static void adjust(Connection c, int branchId, long productId, long userId, int delta, String reason, String note)
            throws SQLException {
        try (PreparedStatement stock = c.prepareStatement("""
                UPDATE inventory SET quantity = quantity + ?, last_reason = ?, last_user_id = ?, updated_at = UTC_TIMESTAMP(3)
                WHERE branch_id = ? AND product_id = ?""");
                PreparedStatement row = c.prepareStatement("""
                INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, note, created_at)
                VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))""")) {
            stock.setInt(1, delta);
            stock.setString(2, reason);
            stock.setLong(3, userId);
            stock.setInt(4, branchId);
            stock.setLong(5, productId);
            stock.executeUpdate();
            row.setInt(1, branchId);
            row.setLong(2, productId);
            row.setLong(3, userId);
            row.setInt(4, delta);
            row.setString(5, reason);
            row.setString(6, note);
            row.executeUpdate();
        }
    }

    /** A role change: one users update. Returns the previous role id. */
    public static int changeRole(long userId, int newRoleId) throws Exception {
        try (Connection c = source()) {
            c.setAutoCommit(false);
            int old;
            try (PreparedStatement q = c.prepareStatement("SELECT role_id FROM users WHERE id = ?")) {
                q.setLong(1, userId);
                ResultSet rs = q.executeQuery();
                rs.next();
                old = rs.getInt(1);
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE users SET role_id = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                u.setInt(1, newRoleId);
                u.setLong(2, userId);
                u.executeUpdate();
            }
            commit(c);
            return old;
        }
    }

    /** A price change: one products update. Returns the previous price. */
    public static BigDecimal changePrice(long productId, BigDecimal newPrice) throws Exception {
        try (Connection c = source()) {
            c.setAutoCommit(false);
            BigDecimal old;
            try (PreparedStatement q = c.prepareStatement("SELECT unit_price FROM products WHERE id = ?")) {
                q.setLong(1, productId);
                ResultSet rs = q.executeQuery();
                rs.next();
                old = rs.getBigDecimal(1);
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE products SET unit_price = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                u.setBigDecimal(1, newPrice);
                u.setLong(2, productId);
                u.executeUpdate();
            }
            commit(c);
            return old;
        }
    }
}
