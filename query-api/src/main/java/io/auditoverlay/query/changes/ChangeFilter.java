package io.auditoverlay.query.changes;

import java.time.Instant;

/** Filters of the change list; null means "any". {@code primaryKey} is the key as canonical JSON. */
public record ChangeFilter(String table, String op, String branch, String primaryKey, String transactionId,
                           Instant from, Instant to) {
}
