package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.time.Instant;
import java.util.List;

/**
 * A void or a refund of an earlier sale, as one transaction: the status change, the
 * {@code refunds} row, and the goods back on the shelf (inventory update and RETURN adjustment
 * per item).
 */
public final class SaleReversal extends PosAction {

    /** VOIDED (same visit, usually minutes later) or REFUNDED (a later return). */
    public enum Kind { VOIDED, REFUNDED }

    private final Sale sale;
    private final Kind kind;
    private final long userId;
    private final String reason;
    private Long refundId;
    private long[] adjustmentIds;

    public SaleReversal(Sale sale, Kind kind, Instant at, long userId, String reason) {
        super(sale.branchId(), at);
        this.sale = sale;
        this.kind = kind;
        this.userId = userId;
        this.reason = reason;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        refundId = ids.next("refunds");
        adjustmentIds = StockMoves.allocate(ids, sale.lines().size());
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("UPDATE sales SET status = '").append(kind.name()).append('\'');
        if (kind == Kind.VOIDED) {
            sql.append(", voided_by = ").append(userId).append(", void_reason = ").append(Sql.str(reason));
        }
        sql.append(" WHERE id = ").append(sale.id()).append(";\n");
        sql.append("INSERT INTO refunds (id, sale_id, branch_id, user_id, amount, reason, created_at) VALUES (")
                .append(refundId).append(',').append(sale.id()).append(',').append(branchId()).append(',')
                .append(userId).append(',').append(Sql.num(sale.total())).append(',').append(Sql.str(reason))
                .append(',').append(Sql.ts(at())).append(");\n");
        List<StockLine> back = sale.stockLines(+1);
        StockMoves.renderInventory(sql, branchId(), back, "RETURN", userId, at());
        StockMoves.renderAdjustments(sql, adjustmentIds, branchId(), back, "RETURN", userId,
                (kind == Kind.VOIDED ? "void of sale " : "refund of sale ") + sale.id(), at());
    }

    @Override
    public int rowChanges() {
        return 2 + 2 * sale.lines().size();
    }

    public Sale sale() {
        return sale;
    }

    /** The RETURN adjustment id of the sale's line {@code index}. */
    public long adjustmentId(int index) {
        return adjustmentIds[index];
    }

    public Long refundId() {
        return refundId;
    }
}
