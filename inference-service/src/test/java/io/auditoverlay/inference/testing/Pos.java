package io.auditoverlay.inference.testing;

import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.auditoverlay.inference.testing.TxBuilder.with;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Transactions shaped as the POS writes them (docs/architecture.md, "Reference source schema"),
 * over the reference schema of {@code deploy/source/schema.sql}.
 */
public final class Pos {

    private Pos() {
    }

    /** DATETIME(3) text as the normalizer renders it (zone-less, UTC). */
    public static String datetime(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString();
    }

    public static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    /** One line of a sale: product, quantity, unit price, stock before the sale. */
    public record Line(long itemId, long productId, int quantity, String unitPrice, int stockBefore) {
        BigDecimal total() {
            return money(unitPrice).multiply(BigDecimal.valueOf(quantity));
        }
    }

    /**
     * A completed sale: the sales row inserted COMPLETED, its items, and per item one inventory
     * update and one SALE adjustment.
     */
    public static TxBuilder sale(String gtid, Instant at, long saleId, int branch, long cashier, String payment,
            String discount, Line... lines) {
        TxBuilder tx = new TxBuilder(gtid, at);
        BigDecimal subtotal = BigDecimal.ZERO;
        for (Line line : lines) {
            subtotal = subtotal.add(line.total());
        }
        tx.insert("sales", saleRow(saleId, branch, cashier, "COMPLETED", subtotal, money(discount), payment, at));
        long adjustment = saleId * 100;
        for (Line line : lines) {
            tx.insert("sale_items", row("id", line.itemId(), "sale_id", saleId, "product_id", line.productId(),
                    "quantity", line.quantity(), "unit_price", money(line.unitPrice()), "discount", money("0.00"),
                    "line_total", line.total()));
        }
        for (Line line : lines) {
            tx.update("inventory", stock(branch, line.productId(), line.stockBefore(), "RECEIPT", null, at.minusSeconds(3600)),
                    stock(branch, line.productId(), line.stockBefore() - line.quantity(), "SALE", cashier, at));
            tx.insert("inventory_adjustments", row("id", adjustment++, "branch_id", branch, "product_id", line.productId(),
                    "user_id", cashier, "delta", -line.quantity(), "reason", "SALE", "note", "sale " + saleId,
                    "created_at", datetime(at)));
        }
        return tx;
    }

    public static Map<String, Object> saleRow(long saleId, int branch, long cashier, String status, BigDecimal subtotal,
            BigDecimal discount, String payment, Instant at) {
        return row("id", saleId, "branch_id", branch, "user_id", cashier, "customer_id", null, "status", status,
                "subtotal", subtotal, "discount", discount, "total", subtotal.subtract(discount), "payment_method", payment,
                "created_at", datetime(at.minusSeconds(60)), "completed_at", "COMPLETED".equals(status) ? datetime(at) : null,
                "voided_by", null, "void_reason", null);
    }

    public static Map<String, Object> stock(int branch, long product, int quantity, String reason, Long user, Instant at) {
        return row("branch_id", branch, "product_id", product, "quantity", quantity, "last_reason", reason,
                "last_user_id", user, "updated_at", datetime(at));
    }

    /** A void: status COMPLETED → VOIDED with who and why, the refund row, and the stock put back (RETURN). */
    public static TxBuilder voidSale(String gtid, Instant at, long saleId, int branch, long cashier, long manager,
            String total, String reason, long productId, int quantity, int stockBefore) {
        TxBuilder tx = new TxBuilder(gtid, at);
        Map<String, Object> before = saleRow(saleId, branch, cashier, "COMPLETED", money(total), money("0.00"), "CARD",
                at.minusSeconds(600));
        tx.update("sales", before, with(before, "status", "VOIDED", "voided_by", manager, "void_reason", reason));
        tx.insert("refunds", row("id", saleId * 10, "sale_id", saleId, "branch_id", branch, "user_id", manager,
                "amount", money(total), "reason", reason, "created_at", datetime(at)));
        restock(tx, at, saleId, branch, manager, productId, quantity, stockBefore);
        return tx;
    }

    /** A refund: status → REFUNDED, the refund row, the stock put back. {@code saleId} may be null. */
    public static TxBuilder refund(String gtid, Instant at, long refundId, Long saleId, int branch, long user,
            String amount, String reason, long productId, int quantity, int stockBefore) {
        TxBuilder tx = new TxBuilder(gtid, at);
        if (saleId != null) {
            Map<String, Object> before = saleRow(saleId, branch, user, "COMPLETED", money(amount), money("0.00"), "CASH",
                    at.minusSeconds(3600));
            tx.update("sales", before, with(before, "status", "REFUNDED"));
        }
        tx.insert("refunds", row("id", refundId, "sale_id", saleId, "branch_id", branch, "user_id", user,
                "amount", money(amount), "reason", reason, "created_at", datetime(at)));
        restock(tx, at, saleId == null ? refundId : saleId, branch, user, productId, quantity, stockBefore);
        return tx;
    }

    private static void restock(TxBuilder tx, Instant at, long ref, int branch, long user, long productId, int quantity,
            int stockBefore) {
        tx.update("inventory", stock(branch, productId, stockBefore, "SALE", user, at.minusSeconds(600)),
                stock(branch, productId, stockBefore + quantity, "RETURN", user, at));
        tx.insert("inventory_adjustments", row("id", ref * 100 + 90, "branch_id", branch, "product_id", productId,
                "user_id", user, "delta", quantity, "reason", "RETURN", "note", "return " + ref, "created_at", datetime(at)));
    }

    /** A manual adjustment: inventory update and adjustment row. */
    public static TxBuilder adjustment(String gtid, Instant at, long adjustmentId, int branch, long product, long user,
            int delta, String reason, int stockBefore) {
        TxBuilder tx = new TxBuilder(gtid, at);
        tx.update("inventory", stock(branch, product, stockBefore, "SALE", 1L, at.minusSeconds(600)),
                stock(branch, product, stockBefore + delta, reason, user, at));
        tx.insert("inventory_adjustments", row("id", adjustmentId, "branch_id", branch, "product_id", product,
                "user_id", user, "delta", delta, "reason", reason, "note", "manual", "created_at", datetime(at)));
        return tx;
    }

    public static Map<String, Object> user(long id, Integer branch, String username, int role, Object active, Instant at) {
        return row("id", id, "branch_id", branch, "username", username, "full_name", "[REDACTED]", "email",
                username + "@example.test", "role_id", role, "active", active, "created_at", datetime(at.minusSeconds(86400)),
                "updated_at", datetime(at));
    }

    /** A role change: a single users update (BOOLEAN active arrives as 0/1). */
    public static TxBuilder roleChange(String gtid, Instant at, long userId, int branch, int oldRole, int newRole) {
        Map<String, Object> before = user(userId, branch, "user" + userId, oldRole, 1, at.minusSeconds(3600));
        return new TxBuilder(gtid, at).update("users", before, with(before, "role_id", newRole, "updated_at", datetime(at)));
    }

    public static Map<String, Object> product(long id, String sku, String schedule, String price, String cost, Instant at) {
        return row("id", id, "sku", sku, "name", "Product " + id, "category", "analgesic", "schedule", schedule,
                "unit_price", money(price), "cost", money(cost), "active", 1, "updated_at", datetime(at));
    }

    public static TxBuilder priceChange(String gtid, Instant at, long productId, String oldPrice, String newPrice) {
        Map<String, Object> before = product(productId, "SKU-" + productId, null, oldPrice, "1.00", at.minusSeconds(86400));
        return new TxBuilder(gtid, at).update("products", before,
                with(before, "unit_price", money(newPrice), "updated_at", datetime(at)));
    }
}
