package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A completed sale, as one transaction: the {@code sales} row (COMPLETED), its {@code sale_items},
 * one inventory update and one SALE adjustment per item.
 */
public final class Sale extends PosAction {

    private final long userId;
    private final Long customerId;
    private final String paymentMethod;
    private final Instant completedAt;
    private final List<SaleLine> lines;
    private Long id;
    private long[] itemIds;
    private long[] adjustmentIds;

    public Sale(int branchId, Instant createdAt, Instant completedAt, long userId, Long customerId,
                String paymentMethod, List<SaleLine> lines) {
        super(branchId, createdAt);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a sale needs at least one line");
        }
        this.userId = userId;
        this.customerId = customerId;
        this.paymentMethod = paymentMethod;
        this.completedAt = completedAt;
        this.lines = List.copyOf(lines);
    }

    @Override
    public void assignIds(IdAllocator ids) {
        id = ids.next("sales");
        itemIds = new long[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            itemIds[i] = ids.next("sale_items");
        }
        adjustmentIds = StockMoves.allocate(ids, lines.size());
    }

    @Override
    public void render(StringBuilder sql) {
        BigDecimal subtotal = lines.stream().map(SaleLine::gross).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal discount = lines.stream().map(SaleLine::discount).reduce(BigDecimal.ZERO, BigDecimal::add);
        sql.append("INSERT INTO sales (id, branch_id, user_id, customer_id, status, subtotal, discount, total,"
                        + " payment_method, created_at, completed_at) VALUES (")
                .append(id).append(',').append(branchId()).append(',').append(userId).append(',')
                .append(Sql.id(customerId)).append(",'COMPLETED',").append(Sql.num(subtotal)).append(',')
                .append(Sql.num(discount)).append(',').append(Sql.num(subtotal.subtract(discount))).append(',')
                .append(Sql.str(paymentMethod)).append(',').append(Sql.ts(at())).append(',')
                .append(Sql.ts(completedAt)).append(");\n");
        sql.append("INSERT INTO sale_items (id, sale_id, product_id, quantity, unit_price, discount, line_total) VALUES ");
        for (int i = 0; i < lines.size(); i++) {
            SaleLine l = lines.get(i);
            sql.append(i == 0 ? "" : ",").append('(').append(itemIds[i]).append(',').append(id).append(',')
                    .append(l.productId()).append(',').append(l.quantity()).append(',').append(Sql.num(l.unitPrice()))
                    .append(',').append(Sql.num(l.discount())).append(',').append(Sql.num(l.lineTotal())).append(')');
        }
        sql.append(";\n");
        List<StockLine> moves = stockLines(-1);
        StockMoves.renderInventory(sql, branchId(), moves, "SALE", userId, completedAt);
        StockMoves.renderAdjustments(sql, adjustmentIds, branchId(), moves, "SALE", userId, "sale " + id, completedAt);
    }

    @Override
    public int rowChanges() {
        return 1 + 3 * lines.size();
    }

    /** The goods of the sale as stock lines, multiplied by {@code sign} (−1 sold, +1 returned). */
    public List<StockLine> stockLines(int sign) {
        return lines.stream().map(l -> new StockLine(l.productId(), sign * l.quantity())).toList();
    }

    public BigDecimal total() {
        return lines.stream().map(SaleLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public Long id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public List<SaleLine> lines() {
        return lines;
    }

    /** The SALE adjustment id of line {@code index}. */
    public long adjustmentId(int index) {
        return adjustmentIds[index];
    }

    /** The sale_items id of line {@code index}. */
    public long itemId(int index) {
        return itemIds[index];
    }
}
