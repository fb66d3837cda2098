package io.auditoverlay.simulator.action;

import java.time.Instant;
import java.util.List;

/**
 * A back-office stock movement, as one transaction: a delivery (RECEIPT, many products), a
 * write-off (DAMAGE, EXPIRED, THEFT), a count correction or one leg of a transfer.
 */
public final class StockAdjustment extends PosAction {

    private final String reason;
    private final Long userId;
    private final String note;
    private final List<StockLine> lines;
    private long[] adjustmentIds;

    public StockAdjustment(int branchId, Instant at, String reason, Long userId, String note, List<StockLine> lines) {
        super(branchId, at);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an adjustment needs at least one line");
        }
        this.reason = reason;
        this.userId = userId;
        this.note = note;
        this.lines = List.copyOf(lines);
    }

    @Override
    public void assignIds(IdAllocator ids) {
        adjustmentIds = StockMoves.allocate(ids, lines.size());
    }

    @Override
    public void render(StringBuilder sql) {
        StockMoves.renderInventory(sql, branchId(), lines, reason, userId, at());
        StockMoves.renderAdjustments(sql, adjustmentIds, branchId(), lines, reason, userId, note, at());
    }

    @Override
    public int rowChanges() {
        return 2 * lines.size();
    }

    public String reason() {
        return reason;
    }

    public List<StockLine> lines() {
        return lines;
    }

    public long adjustmentId(int index) {
        return adjustmentIds[index];
    }
}
