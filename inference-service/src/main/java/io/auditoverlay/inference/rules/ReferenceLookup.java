package io.auditoverlay.inference.rules;

import java.util.Map;

/**
 * Reference rows (roles, products…) learned from the change stream, per source, because the
 * service never queries the source database.
 */
@FunctionalInterface
public interface ReferenceLookup {

    ReferenceLookup NONE = (source, table, key) -> null;

    /** The remembered columns of a row, or {@code null} when the row was never seen. */
    Map<String, Object> row(String source, String table, String key);
}
