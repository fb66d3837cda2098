package io.auditoverlay.inference.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions rules expressions may call, bound to one transaction. Lists passed in are
 * lists of change views (see {@link ChangeViews}); column arguments name columns of their
 * {@code row}.
 */
public final class RuleFunctions {

    private final String source;
    private final List<Map<String, Object>> views;
    private final ReferenceLookup reference;

    RuleFunctions(String source, List<Map<String, Object>> views, ReferenceLookup reference) {
        this.source = source;
        this.views = views;
        this.reference = reference;
    }

    /** Every change of a table in this transaction, in transaction order. */
    public List<Map<String, Object>> rows(String table) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> view : views) {
            if (table.equals(view.get("table"))) {
                out.add(view);
            }
        }
        return out;
    }

    /** Sum of a column over changes; integers stay integers, decimals stay exact. {@code 0} when empty. */
    public Number sum(Collection<?> changes, String column) {
        long whole = 0;
        BigDecimal exact = null;
        for (Object change : safe(changes)) {
            Object value = column(change, column);
            if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
                exact = (exact == null ? BigDecimal.valueOf(whole) : exact).add(new BigDecimal(value.toString()));
                whole = 0;
            } else if (value instanceof Number number) {
                if (exact != null) {
                    exact = exact.add(BigDecimal.valueOf(number.longValue()));
                } else {
                    whole += number.longValue();
                }
            }
        }
        return exact != null ? exact : (Number) whole;
    }

    public int count(Collection<?> changes) {
        return safe(changes).size();
    }

    /** The first element, or {@code null} for an empty or missing list. */
    public Object first(List<?> changes) {
        return changes == null || changes.isEmpty() ? null : changes.get(0);
    }

    /** The listed columns of each change's row, as a list of maps (for item lists in attributes). */
    public List<Map<String, Object>> project(Collection<?> changes, String... columns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object change : safe(changes)) {
            Map<String, Object> item = new LinkedHashMap<>();
            for (String column : columns) {
                item.put(column, column(change, column));
            }
            out.add(item);
        }
        return out;
    }

    /** A remembered column of a reference row of this transaction's source, or {@code null}. */
    public Object lookup(String table, Object key, String column) {
        Map<String, Object> row = key == null ? null : reference.row(source, table, Values.text(key));
        return row == null ? null : row.get(column);
    }

    /** True when the reference row is known (so that a {@code null} lookup means "no value"). */
    public boolean known(String table, Object key) {
        return key != null && reference.row(source, table, Values.text(key)) != null;
    }

    /** The first argument that is not {@code null}. */
    public Object coalesce(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Truth of a column value (MariaDB BOOLEAN arrives as 0/1). */
    public boolean truthy(Object value) {
        return Values.truthy(value);
    }

    private static Collection<?> safe(Collection<?> changes) {
        return changes == null ? List.of() : changes;
    }

    private static Object column(Object change, String column) {
        if (change instanceof Map<?, ?> view && view.get("row") instanceof Map<?, ?> row) {
            return row.get(column);
        }
        return null;
    }
}
