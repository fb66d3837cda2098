package io.auditoverlay.model.integrity;

import io.auditoverlay.model.json.KeySequenceCache;
import java.util.Arrays;

/**
 * The sorted order of an object's keys, remembered per thread for the key sequences seen last: the
 * normalizer's row images of a table share their key instances (column names) in column order, so
 * a row's canonical form needs the sort once per table, not once per row. A sequence is recognised
 * by the identity of its keys, so a miss only costs the sort.
 */
final class KeyOrder {

    private static final ThreadLocal<KeySequenceCache<int[]>> CACHE = ThreadLocal.withInitial(KeySequenceCache::new);

    private KeyOrder() {
    }

    /** The indexes of {@code keys} (Strings) in ascending key order; the first {@code n} are used. */
    static int[] of(Object[] keys, int n) {
        return CACHE.get().get(keys, n, KeyOrder::sort);
    }

    private static int[] sort(Object[] keys) {
        Integer[] boxed = new Integer[keys.length];
        for (int i = 0; i < keys.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> ((String) keys[a]).compareTo((String) keys[b]));
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
