package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.time.Instant;
import java.util.List;

/**
 * A prescription for a controlled product dispensed by a pharmacist, as one transaction: the
 * {@code prescriptions} row (DISPENSED), the inventory update and its SALE adjustment.
 */
public final class Dispense extends PosAction {

    private final long customerId;
    private final long productId;
    private final int quantity;
    private final String prescriber;
    private final long pharmacistId;
    private Long id;
    private long[] adjustmentIds;

    public Dispense(int branchId, Instant at, long customerId, long productId, int quantity, String prescriber,
                    long pharmacistId) {
        super(branchId, at);
        this.customerId = customerId;
        this.productId = productId;
        this.quantity = quantity;
        this.prescriber = prescriber;
        this.pharmacistId = pharmacistId;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        id = ids.next("prescriptions");
        adjustmentIds = StockMoves.allocate(ids, 1);
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("INSERT INTO prescriptions (id, branch_id, customer_id, product_id, quantity, prescriber,"
                        + " pharmacist_id, status, dispensed_at) VALUES (")
                .append(id).append(',').append(branchId()).append(',').append(customerId).append(',')
                .append(productId).append(',').append(quantity).append(',').append(Sql.str(prescriber)).append(',')
                .append(pharmacistId).append(",'DISPENSED',").append(Sql.ts(at())).append(");\n");
        List<StockLine> out = List.of(new StockLine(productId, -quantity));
        StockMoves.renderInventory(sql, branchId(), out, "SALE", pharmacistId, at());
        StockMoves.renderAdjustments(sql, adjustmentIds, branchId(), out, "SALE", pharmacistId, "prescription " + id, at());
    }

    @Override
    public int rowChanges() {
        return 3;
    }
}
