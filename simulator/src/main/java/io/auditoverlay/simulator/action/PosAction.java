package io.auditoverlay.simulator.action;

import java.time.Instant;

/**
 * One thing done at a till or in the back office, written as exactly one source transaction.
 * Instances are built by the generator, given ids in business-time order, then rendered by a
 * writer; ids are null until {@link #assignIds(IdAllocator)} ran.
 */
public abstract class PosAction {

    private final int branchId;
    private final Instant at;

    protected PosAction(int branchId, Instant at) {
        this.branchId = branchId;
        this.at = at;
    }

    /** The branch whose database rows it touches; 0 for chain-level actions (prices). */
    public int branchId() {
        return branchId;
    }

    /** The business time, which is also what its rows' timestamps say. */
    public Instant at() {
        return at;
    }

    public abstract void assignIds(IdAllocator ids);

    /** Appends the transaction's statements, each ending in {@code ;}, without BEGIN or COMMIT. */
    public abstract void render(StringBuilder sql);

    /** Rows the transaction inserts or updates: the source row changes the binlog will carry. */
    public abstract int rowChanges();
}
