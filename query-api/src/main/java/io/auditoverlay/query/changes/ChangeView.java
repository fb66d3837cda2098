package io.auditoverlay.query.changes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One stored row change, as the normalizer wrote it (masked columns stay {@code [REDACTED]}).
 * JSON columns are passed through as stored.
 */
public record ChangeView(
        UUID eventId,
        String source,
        String database,
        String table,
        String op,
        @JsonRawValue String primaryKey,
        @JsonRawValue String before,
        @JsonRawValue String after,
        List<String> changedColumns,
        String transactionId,
        Long transactionOrder,
        Instant committedAt,
        Instant capturedAt,
        Position position,
        boolean snapshot,
        String branchId,
        int schemaVersion) {

    /** Where the row was in the source binlog. */
    public record Position(Long serverId, String file, Long pos, Integer row, String gtid) {
    }
}
