package io.auditoverlay.normalizer.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/** Source transactions shaped as the POS writes them (DESIGN, "Transactions as the POS writes them"). */
final class PosWrites {

    private PosWrites() {
    }

    /** A completed sale of one unit of each product: sales row, items, then per item an inventory update and a SALE adjustment. */
    static long sale(int branchId, long userId, List<Long> productIds) throws Exception {
        try (Connection c = Stack.source()) {
            c.setAutoCommit(false);
            long saleId;
            try (PreparedStatement sale = c.prepareStatement("""
                    INSERT INTO sales (branch_id, user_id, customer_id, status, subtotal, discount, total, payment_method, created_at, completed_at)
                    VALUES (?, ?, NULL, 'COMPLETED', 0, 0, 0, 'CARD', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))""",
                    Statement.RETURN_GENERATED_KEYS)) {
                sale.setInt(1, branchId);
                sale.setLong(2, userId);
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
            c.commit();
            return saleId;
        }
    }
}
