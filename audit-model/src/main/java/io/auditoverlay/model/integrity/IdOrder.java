package io.auditoverlay.model.integrity;

import java.util.Arrays;

/**
 * The order of a change link's rows by id, unsigned ({@link PackedLink#compare}, which is the order
 * of their text), sorted on primitives. A comparator sort of a 2,000-row batch makes about 22,000
 * calls through a lambda, each reading two UUIDs; the normalizer links a few batches a second, too
 * few calls for the JIT to reach that comparator early, and a minute after start it still ran
 * interpreted: the largest part of the link step in the profile (docs/integrity.md, "Sixth session").
 *
 * <p>Each row becomes one long: the high bits of its id's most significant half (sign bit flipped,
 * so that signed order is unsigned order) with the row's index in the low bits. {@code Arrays.sort}
 * of those orders the rows by the id's high bits, ties by index; rows whose high bits tie (two ids
 * equal in their first 64 minus log2(n) bits: for 2,000 random ids, one batch in about 4 billion)
 * are then ordered by the full comparison, stably, so the result is exactly that of a stable sort
 * by {@link PackedLink#compare}.
 */
final class IdOrder {

    private IdOrder() {
    }

    /**
     * @param msb the ids' most significant halves, in batch order
     * @param lsb their least significant halves
     * @return the batch indexes in id order (unsigned); equal ids keep their batch order
     */
    static int[] order(long[] msb, long[] lsb) {
        int n = msb.length;
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        long indexMask = (1L << indexBits) - 1;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((msb[i] ^ Long.MIN_VALUE) & ~indexMask) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        int runStart = 0;
        for (int k = 0; k < n; k++) {
            order[k] = (int) (keys[k] & indexMask);
            if (k + 1 == n || (keys[k + 1] & ~indexMask) != (keys[k] & ~indexMask)) {
                if (k > runStart) {
                    sortRun(order, runStart, k + 1, msb, lsb);
                }
                runStart = k + 1;
            }
        }
        return order;
    }

    /** Ties in the high bits (rare): the run is in batch order, which a stable sort by the full id keeps for equal ids. */
    private static void sortRun(int[] order, int from, int to, long[] msb, long[] lsb) {
        Integer[] run = new Integer[to - from];
        for (int k = from; k < to; k++) {
            run[k - from] = order[k];
        }
        Arrays.sort(run, (a, b) -> {
            int c = Long.compareUnsigned(msb[a], msb[b]);
            return c != 0 ? c : Long.compareUnsigned(lsb[a], lsb[b]);
        });
        for (int k = from; k < to; k++) {
            order[k] = run[k - from];
        }
    }
}
