package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.time.Instant;
import java.util.List;

/**
 * The inventory part shared by every stock-moving action: one {@code inventory} row update and one
 * {@code inventory_adjustments} row per product. The updates go in one statement (a CASE over the
 * products) because the binlog carries one row change per product either way.
 */
final class StockMoves {

    private StockMoves() {
    }

    static void renderInventory(StringBuilder sql, int branchId, List<StockLine> lines, String reason, Long userId,
                                Instant at) {
        sql.append("UPDATE inventory SET quantity = quantity + ");
        if (lines.size() == 1) {
            sql.append('(').append(lines.get(0).delta()).append(')');
        } else {
            sql.append("CASE product_id");
            for (StockLine line : lines) {
                sql.append(" WHEN ").append(line.productId()).append(" THEN ").append(line.delta());
            }
            sql.append(" END");
        }
        sql.append(", last_reason = ").append(Sql.str(reason))
                .append(", last_user_id = ").append(Sql.id(userId))
                .append(", updated_at = ").append(Sql.ts(at))
                .append(" WHERE branch_id = ").append(branchId).append(" AND product_id IN (");
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(lines.get(i).productId());
        }
        sql.append(");\n");
    }

    static void renderAdjustments(StringBuilder sql, long[] ids, int branchId, List<StockLine> lines, String reason,
                                  Long userId, String note, Instant at) {
        sql.append("INSERT INTO inventory_adjustments (id, branch_id, product_id, user_id, delta, reason, note, created_at) VALUES ");
        for (int i = 0; i < lines.size(); i++) {
            StockLine line = lines.get(i);
            sql.append(i == 0 ? "" : ",").append('(').append(ids[i]).append(',').append(branchId).append(',')
                    .append(line.productId()).append(',').append(Sql.id(userId)).append(',').append(line.delta())
                    .append(',').append(Sql.str(reason)).append(',').append(Sql.str(note)).append(',')
                    .append(Sql.ts(at)).append(')');
        }
        sql.append(";\n");
    }

    static long[] allocate(IdAllocator ids, int count) {
        long[] result = new long[count];
        for (int i = 0; i < count; i++) {
            result[i] = ids.next("inventory_adjustments");
        }
        return result;
    }
}
