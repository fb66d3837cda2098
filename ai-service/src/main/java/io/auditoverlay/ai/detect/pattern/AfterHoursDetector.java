package io.auditoverlay.ai.detect.pattern;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.detect.Detector;
import io.auditoverlay.ai.detect.Events;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.reference.BranchHours;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Activity recorded while the branch is closed: one anomaly per source transaction. */
public final class AfterHoursDetector implements Detector {

    public static final String NAME = "after-hours";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Duration grace;
    private final Set<String> types;

    public AfterHoursDetector(DetectionConfig.AfterHours config) {
        this.grace = config.grace();
        this.types = Set.copyOf(config.types());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt) {
        Map<String, List<BusinessEvent>> byTransaction = new LinkedHashMap<>();
        for (BusinessEvent e : focus) {
            if (e.occurredAt() == null || !types.contains(e.type())) {
                continue;
            }
            if ("SALE".equals(Events.reason(e).orElse(null))) {
                continue; // a sale's own stock movement; the sale itself is judged
            }
            if (reference.branch(e.branchId()).isClosedAt(e.occurredAt(), grace)) {
                byTransaction.computeIfAbsent(e.branchId() + "|" + Events.txOrId(e), k -> new ArrayList<>()).add(e);
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        byTransaction.forEach((key, events) -> {
            BusinessEvent first = events.get(0);
            BranchHours hours = reference.branch(first.branchId());
            String user = Events.actor(first).orElse(null);
            String types = String.join(", ", events.stream().map(BusinessEvent::type).distinct().toList());
            String local = first.occurredAt().atZone(hours.zone()).format(LOCAL);
            anomalies.add(AnomalyBuilder.of(NAME)
                    .severity(user == null ? Severity.MEDIUM : Severity.HIGH)
                    .score(events.size())
                    .subject(first.branchId(), user != null ? "user" : "branch", user != null ? user : first.branchId())
                    .evidence(events)
                    .explanation("%s at branch %s at %s local time (%s), outside opening hours %s–%s%s."
                            .formatted(types, first.branchId(), local, hours.zone(), hours.opensAt(), hours.closesAt(),
                                    user != null ? ", by user " + user : ""))
                    .build(detectedAt, key));
        });
        return anomalies;
    }
}
