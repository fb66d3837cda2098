package io.auditoverlay.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Object key orders by jsonb's rule (UTF-8 length, then bytes), remembered for the key sequences seen
 * last, by the identity of their keys: the normalizer's images of a table share their key instances
 * (column names) in column order, so the sort runs once per table, not once per row. One per thread
 * ({@link JsonbText}'s).
 */
final class JsonbKeyOrder {
    private final KeySequenceCache<Order> cache = new KeySequenceCache<>();

    /**
     * @param index the keys' indexes in jsonb's order
     * @param written each key as written, in that order: {@code "k": } for the first, {@code , "k": } after
     */
    record Order(int[] index, String[] written) {
    }

    Order of(Object[] candidate, int n) {
        return cache.get(candidate, n, keys -> {
            int[] index = sort(keys, keys.length);
            String[] written = new String[index.length];
            for (int i = 0; i < index.length; i++) {
                written[i] = (i > 0 ? ", " : "") + JsonbText.quoted((String) keys[index[i]]) + ": ";
            }
            return new Order(index, written);
        });
    }

    /** Indexes of the keys in jsonb's order (UTF-8 length, then bytes); of keys equal in UTF-8 the last only. */
    static int[] sort(Object[] keys, int n) {
        if (n == 0) {
            return new int[0];
        }
        if (n == 1) {
            return new int[] {0};
        }
        byte[][] utf8 = new byte[n][];
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            utf8[i] = ((String) keys[i]).getBytes(StandardCharsets.UTF_8);
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = compare(utf8[a], utf8[b]);
            return c != 0 ? c : Integer.compare(b, a); // equal keys: the last one first, kept below
        });
        int[] order = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || compare(utf8[order[m - 1]], utf8[boxed[i]]) != 0) {
                order[m++] = boxed[i];
            }
        }
        return m == n ? order : Arrays.copyOf(order, m);
    }

    private static int compare(byte[] a, byte[] b) {
        return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
    }
}
