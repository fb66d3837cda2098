package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.time.Instant;

/** A user's role changed: a single {@code users} update. */
public final class RoleChange extends PosAction {

    private final long userId;
    private final int roleId;

    public RoleChange(int branchId, Instant at, long userId, int roleId) {
        super(branchId, at);
        this.userId = userId;
        this.roleId = roleId;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        // updates an existing row
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("UPDATE users SET role_id = ").append(roleId).append(", updated_at = ")
                .append(Sql.ts(at())).append(" WHERE id = ").append(userId).append(";\n");
    }

    @Override
    public int rowChanges() {
        return 1;
    }

    public long userId() {
        return userId;
    }
}
