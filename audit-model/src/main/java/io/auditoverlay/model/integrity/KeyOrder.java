package io.auditoverlay.model.integrity;

import java.util.Arrays;

/**
 * The sorted order of an object's keys, remembered per thread for the key sequences seen last: the
 * normalizer's row images of a table share their key instances (column names) in column order, so
 * a row's canonical form needs the sort once per table, not once per row. A sequence is recognised
 * by the identity of its keys, so a miss only costs the sort.
 */
final class KeyOrder {

    private static final int SLOTS = 64;
    private static final ThreadLocal<KeyOrder> CACHE = ThreadLocal.withInitial(KeyOrder::new);

    private final Object[][] keys = new Object[SLOTS][];
    private final int[][] orders = new int[SLOTS][];
    private int next;

    private KeyOrder() {
    }

    /** The indexes of {@code keys} (Strings) in ascending key order; the first {@code n} are used. */
    static int[] of(Object[] keys, int n) {
        return CACHE.get().find(keys, n);
    }

    private int[] find(Object[] candidate, int n) {
        for (int s = 0; s < SLOTS; s++) {
            Object[] known = keys[s];
            if (known != null && known.length == n && same(known, candidate, n)) {
                return orders[s];
            }
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> ((String) candidate[a]).compareTo((String) candidate[b]));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        keys[next] = Arrays.copyOf(candidate, n);
        orders[next] = order;
        next = (next + 1) % SLOTS;
        return order;
    }

    private static boolean same(Object[] known, Object[] candidate, int n) {
        for (int i = 0; i < n; i++) {
            if (known[i] != candidate[i]) {
                return false;
            }
        }
        return true;
    }
}
