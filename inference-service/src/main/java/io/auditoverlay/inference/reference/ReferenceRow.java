package io.auditoverlay.inference.reference;

import java.time.Instant;
import java.util.Map;

/**
 * The remembered state of one reference row.
 *
 * @param columns only the columns the rules file asks for
 * @param committedAt commit time of the change it came from; an older change never overwrites a newer one
 */
public record ReferenceRow(String source, String table, String key, Map<String, Object> columns, Instant committedAt) {
}
