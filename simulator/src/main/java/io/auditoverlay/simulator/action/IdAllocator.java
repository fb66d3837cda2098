package io.auditoverlay.simulator.action;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out primary keys in the order actions are generated, starting above what the database
 * already holds. Single-threaded by design: the generator assigns, the writers only write.
 */
public final class IdAllocator {

    private final Map<String, long[]> next = new HashMap<>();

    public IdAllocator(Map<String, Long> maxIds) {
        maxIds.forEach((table, max) -> next.put(table, new long[] {max + 1}));
    }

    /**
     * Moves past ids that another writer took meanwhile (live mode shares the database with
     * whatever else writes to it); never moves backwards.
     */
    public void skipPast(Map<String, Long> maxIds) {
        maxIds.forEach((table, max) -> {
            long[] n = next.computeIfAbsent(table, t -> new long[] {1});
            n[0] = Math.max(n[0], max + 1);
        });
    }

    public long next(String table) {
        return next.computeIfAbsent(table, t -> new long[] {1})[0]++;
    }
}
