package io.auditoverlay.model.json;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Something computed from an object's keys, remembered for the key sequences seen last and
 * recognised by the identity of their keys: the normalizer's row images of a table share their key
 * instances (column names) in column order, so a key order is computed once per table, not once per
 * row. A miss only costs the computation. Not thread-safe: one per thread.
 *
 * @param <V> what is computed from a key sequence
 */
public final class KeySequenceCache<V> {

    private static final int SLOTS = 64;
    private final Object[][] keys = new Object[SLOTS][];
    private final Object[] values = new Object[SLOTS];
    private int next;
    private int last;

    /** The value for the first {@code n} of {@code candidate}, computed (from a copy of them) on a miss. */
    @SuppressWarnings("unchecked")
    public V get(Object[] candidate, int n, Function<Object[], V> compute) {
        for (int probe = 0; probe < SLOTS; probe++) {
            int s = (last + probe) % SLOTS;
            Object[] known = keys[s];
            if (known != null && known.length == n && same(known, candidate, n)) {
                last = s;
                return (V) values[s];
            }
        }
        Object[] copy = Arrays.copyOf(candidate, n);
        V value = compute.apply(copy);
        keys[next] = copy;
        values[next] = value;
        last = next;
        next = (next + 1) % SLOTS;
        return value;
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
