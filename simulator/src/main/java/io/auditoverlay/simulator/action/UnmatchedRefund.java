package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.math.BigDecimal;
import java.time.Instant;

/** Money handed back with no sale behind it: a lone {@code refunds} row whose {@code sale_id} is null. */
public final class UnmatchedRefund extends PosAction {

    private final long userId;
    private final BigDecimal amount;
    private final String reason;
    private Long id;

    public UnmatchedRefund(int branchId, Instant at, long userId, BigDecimal amount, String reason) {
        super(branchId, at);
        this.userId = userId;
        this.amount = amount;
        this.reason = reason;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        id = ids.next("refunds");
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("INSERT INTO refunds (id, sale_id, branch_id, user_id, amount, reason, created_at) VALUES (")
                .append(id).append(",NULL,").append(branchId()).append(',').append(userId).append(',')
                .append(Sql.num(amount)).append(',').append(Sql.str(reason)).append(',').append(Sql.ts(at()))
                .append(");\n");
    }

    @Override
    public int rowChanges() {
        return 1;
    }

    public Long id() {
        return id;
    }
}
