package io.auditoverlay.query.anomalies;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored anomaly with its triage status. {@code evidence} lists the business events it cites (in
 * a list, only the first {@code audit.query.list-evidence}); {@code evidenceCount} counts them all.
 */
public record AnomalyView(
        UUID id,
        String detector,
        String severity,
        Double score,
        String branchId,
        String subjectType,
        String subjectId,
        Instant windowStart,
        Instant windowEnd,
        List<UUID> evidence,
        int evidenceCount,
        String explanation,
        String llmExplanation,
        String explainedBy,
        String status,
        Instant statusChangedAt,
        String statusChangedBy,
        Instant detectedAt) {
}
