package io.auditoverlay.model.anomaly;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Something that looked wrong, with the evidence that says so.
 *
 * @param id UUID v5 over (detector, subject, window), so that evaluating a window again gives the same id
 * @param detector the detector's name, e.g. {@code refund-without-sale}
 * @param score detector-specific strength (a robust z-score for statistical detectors)
 * @param subjectType {@code branch}, {@code user}, {@code product}, {@code sale}, ...
 * @param evidence ids of the business events that support it
 * @param explanation a deterministic, template-written explanation
 */
public record Anomaly(
        UUID id,
        String detector,
        Severity severity,
        double score,
        String branchId,
        String subjectType,
        String subjectId,
        Instant windowStart,
        Instant windowEnd,
        List<UUID> evidence,
        String explanation,
        Instant detectedAt) {
}
