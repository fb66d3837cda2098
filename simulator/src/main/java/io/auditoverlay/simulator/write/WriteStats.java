package io.auditoverlay.simulator.write;

import java.util.concurrent.atomic.AtomicLong;

/** What the writers committed so far; safe to read from any thread. */
public final class WriteStats {

    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rowChanges = new AtomicLong();

    void add(long tx, long rows) {
        transactions.addAndGet(tx);
        rowChanges.addAndGet(rows);
    }

    public long transactions() {
        return transactions.get();
    }

    /** Rows inserted or updated in the source: what the binlog carries and Debezium turns into events. */
    public long rowChanges() {
        return rowChanges.get();
    }
}
