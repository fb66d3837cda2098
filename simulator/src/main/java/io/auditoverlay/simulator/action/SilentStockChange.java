package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.time.Instant;

/** Stock lowered directly in {@code inventory}, with no sale and no adjustment row to explain it. */
public final class SilentStockChange extends PosAction {

    private final long productId;
    private final int delta;
    private final long userId;

    public SilentStockChange(int branchId, Instant at, long productId, int delta, long userId) {
        super(branchId, at);
        this.productId = productId;
        this.delta = delta;
        this.userId = userId;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        // updates an existing row
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("UPDATE inventory SET quantity = quantity + (").append(delta).append("), last_user_id = ")
                .append(userId).append(", updated_at = ").append(Sql.ts(at())).append(" WHERE branch_id = ")
                .append(branchId()).append(" AND product_id = ").append(productId).append(";\n");
    }

    @Override
    public int rowChanges() {
        return 1;
    }

    public long productId() {
        return productId;
    }
}
