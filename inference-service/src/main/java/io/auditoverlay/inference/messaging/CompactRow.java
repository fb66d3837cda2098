package io.auditoverlay.inference.messaging;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable row image in two arrays, in column order, null values allowed. An open transaction
 * holds its rows until it closes; a {@code LinkedHashMap} spends about 40 bytes per column on its
 * entry and table, this map 8. Lookups scan the columns: rows have a few dozen at most.
 */
final class CompactRow extends AbstractMap<String, Object> {

    private final String[] keys;
    private final Object[] values;

    private CompactRow(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** A compact copy, its column names and short text values canonicalised; {@code null} stays null. */
    static Map<String, Object> of(Map<String, Object> row) {
        if (row == null || row instanceof CompactRow) {
            return row;
        }
        String[] keys = new String[row.size()];
        Object[] values = new Object[row.size()];
        int i = 0;
        for (Map.Entry<String, Object> column : row.entrySet()) {
            keys[i] = column.getKey();
            values[i++] = Canonical.value(column.getValue());
        }
        return new CompactRow(Canonical.shared(keys), values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }
}
