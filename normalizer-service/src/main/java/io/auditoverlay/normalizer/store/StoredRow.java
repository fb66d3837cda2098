package io.auditoverlay.normalizer.store;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.integrity.ChainEntry;
import io.auditoverlay.model.integrity.ChainLink;
import io.auditoverlay.model.integrity.ChainedTable;

/**
 * A canonical event ready to be stored: its JSON columns as written once for both PostgreSQL and
 * {@code audit.changes}, and its line for {@code COPY}. Built where records are mapped, in parallel,
 * so that the database transaction only moves bytes.
 *
 * @param primaryKey the primary key as JSON
 * @param before the row before the change as JSON, null when there is none
 * @param after the row after the change as JSON, null when there is none
 * @param chainEntry the row as its source's chain links it: id, leaf hash, binlog position (see
 *        docs/integrity.md); made here, in parallel, not on the store thread; null when chaining is off.
 *        Leaf format 2: the JSON columns are hashed as written, which is {@code jsonb::text}'s spelling
 *        ({@code JsonbText}), so {@link ChangeEventStore} links them as format 2
 */
public record StoredRow(CanonicalChangeEvent event, String primaryKey, String before, String after, byte[] copyLine,
        ChainEntry chainEntry) {

    /**
     * The leaf format of {@link #chainEntry()}: the JSON columns hashed as written, in jsonb's spelling.
     * {@link ChangeEventStore} links rows in this format; the two must agree, so it is said here once.
     */
    static final int LEAF_FORMAT = ChainLink.LEAF_JSONB_TEXT;

    /**
     * @param committedAt the event's commit time as written for {@code audit.changes} (ISO-8601)
     * @param capturedAt its capture time likewise, null when it has none
     */
    public static StoredRow of(CanonicalChangeEvent event, String primaryKey, String before, String after,
            String committedAt, String capturedAt, boolean chained) {
        return new StoredRow(event, primaryKey, before, after,
                CopyRows.line(event, primaryKey, before, after, committedAt, capturedAt),
                chained ? ChainEntry.ofChange(event.source(), event.eventId(),
                        ChainedTable.changeLeafV2(event, primaryKey, before, after), event.position())
                        : null);
    }
}
