package io.auditoverlay.ai.completeness;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of the completeness checks.
 *
 * @param sourceRows rows read at the source (the reconciliation's load there)
 * @param binlogEvents binlog events read at the source
 * @param deferred chunks and transactions that differed while the trail was still behind the source: not judged, checked again next run
 * @param findings everything found, including what an earlier run already reported
 * @param newAnomalies ids of the anomalies this run stored for the first time
 * @param skipped why nothing was compared (the normalizer was behind), or null
 */
public record CompletenessReport(String source, Instant startedAt, Instant finishedAt, int tables, int chunks, long sourceRows,
        long binlogEvents, int deferred, List<Finding> findings, List<UUID> newAnomalies, String skipped) {

    /** A run that compared nothing, and why. */
    static CompletenessReport skipped(String source, Instant startedAt, Instant finishedAt, String why) {
        return new CompletenessReport(source, startedAt, finishedAt, 0, 0, 0, 0, 0, List.of(), List.of(), why);
    }
}
