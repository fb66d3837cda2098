package io.auditoverlay.ai.detect;

import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Builds anomalies with deterministic ids and evidence in a stable order. */
public final class AnomalyBuilder {

    private final String detector;
    private Severity severity = Severity.MEDIUM;
    private double score = 1.0;
    private String branchId;
    private String subjectType = "branch";
    private String subjectId;
    private Instant windowStart;
    private Instant windowEnd;
    private List<UUID> evidence = List.of();
    private String explanation = "";

    private AnomalyBuilder(String detector) {
        this.detector = detector;
    }

    public static AnomalyBuilder of(String detector) {
        return new AnomalyBuilder(detector);
    }

    public AnomalyBuilder severity(Severity value) {
        severity = value;
        return this;
    }

    public AnomalyBuilder score(double value) {
        score = value;
        return this;
    }

    public AnomalyBuilder subject(String branch, String type, String id) {
        branchId = branch;
        subjectType = type;
        subjectId = id;
        return this;
    }

    public AnomalyBuilder window(Instant start, Instant end) {
        windowStart = start;
        windowEnd = end;
        return this;
    }

    /** Evidence and, when no window was set, the window they span. */
    public AnomalyBuilder evidence(Collection<BusinessEvent> events) {
        evidence = events.stream().map(BusinessEvent::id).filter(Objects::nonNull).distinct().sorted().toList();
        if (windowStart == null && !events.isEmpty()) {
            windowStart = events.stream().map(BusinessEvent::occurredAt).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            windowEnd = events.stream().map(BusinessEvent::occurredAt).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
        }
        return this;
    }

    public AnomalyBuilder explanation(String text) {
        explanation = text;
        return this;
    }

    /** The id covers the detector and {@code idParts}; choose parts that name what and when. */
    public Anomaly build(Instant detectedAt, String... idParts) {
        UUID id = EventIds.anomalyId(detector, idParts);
        return new Anomaly(id, detector, severity, score, branchId, subjectType, subjectId, windowStart,
                windowEnd, evidence, explanation, detectedAt);
    }
}
