package io.auditoverlay.normalizer.encoding;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.util.List;
import java.util.UUID;

/**
 * A {@link CanonicalChangeEvent} as {@code audit.changes} carries it (the JSON that
 * {@code ChangeMessage}'s own mapping writes, {@code "kind":"change"} included), with the row
 * images and the two instants already written: they are serialised once and the same text goes
 * to PostgreSQL.
 * {@code EncodedMessageTest} holds the two mappings equal.
 */
record WireChange(
        String kind,
        UUID eventId,
        String source,
        String database,
        String table,
        Operation op,
        @JsonRawValue String primaryKey,
        @JsonRawValue String before,
        @JsonRawValue String after,
        List<String> changedColumns,
        String transactionId,
        Long transactionOrder,
        String committedAt,
        String capturedAt,
        SourcePosition position,
        String branchId,
        int schemaVersion) {

    /** The type id {@code ChangeMessage} gives a canonical event. */
    static final String KIND = "change";

    /** The images and times as already written (times as ISO-8601 instants, as Jackson writes them). */
    static WireChange of(CanonicalChangeEvent e, String primaryKey, String before, String after, String committedAt,
            String capturedAt) {
        return new WireChange(KIND, e.eventId(), e.source(), e.database(), e.table(), e.op(), primaryKey, before, after,
                e.changedColumns(), e.transactionId(), e.transactionOrder(), committedAt, capturedAt,
                e.position(), e.branchId(), e.schemaVersion());
    }
}
