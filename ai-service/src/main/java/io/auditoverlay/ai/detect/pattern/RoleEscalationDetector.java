package io.auditoverlay.ai.detect.pattern;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.detect.Detector;
import io.auditoverlay.ai.detect.Events;
import io.auditoverlay.ai.events.Attrs;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user whose role was raised and who then adjusts stock within the configured time: the classic
 * "grant myself rights, write off stock" sequence. One anomaly per escalation and adjusting transaction.
 */
public final class RoleEscalationDetector implements Detector {

    public static final String NAME = "role-escalation-adjustment";

    private final Duration within;
    private final List<String> ranking;
    private final Set<String> ignoredReasons;
    private final Set<String> escalatedRoles;

    public RoleEscalationDetector(DetectionConfig.RoleEscalation config) {
        this.within = config.within();
        this.ranking = config.ranking().stream().map(String::toUpperCase).toList();
        this.ignoredReasons = Set.copyOf(config.ignoredReasons().stream().map(String::toUpperCase).toList());
        this.escalatedRoles = Set.copyOf(config.escalatedRoles().stream().map(String::toUpperCase).toList());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt) {
        Map<String, List<BusinessEvent>> groups = new LinkedHashMap<>();
        Map<String, BusinessEvent> escalations = new LinkedHashMap<>();
        for (BusinessEvent adjustment : focus) {
            if (!BusinessEventTypes.INVENTORY_ADJUSTED.equals(adjustment.type()) || adjustment.occurredAt() == null) {
                continue;
            }
            String reason = Events.reason(adjustment).orElse("");
            Optional<String> user = Events.actor(adjustment);
            if (ignoredReasons.contains(reason) || user.isEmpty()) {
                continue;
            }
            for (BusinessEvent change : history.roleChangesOf(user.get(), adjustment.occurredAt().minus(within),
                    adjustment.occurredAt())) {
                if (isEscalation(change)) {
                    String key = change.id() + "|" + Events.txOrId(adjustment);
                    escalations.put(key, change);
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(adjustment);
                }
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        groups.forEach((key, adjustments) -> {
            BusinessEvent change = escalations.get(key);
            BusinessEvent first = adjustments.get(0);
            List<BusinessEvent> evidence = new ArrayList<>(adjustments);
            evidence.add(0, change);
            long minutes = Duration.between(change.occurredAt(), first.occurredAt()).toMinutes();
            String reasons = String.join(", ", adjustments.stream().map(a -> Events.reason(a).orElse("?")).distinct().toList());
            anomalies.add(AnomalyBuilder.of(NAME)
                    .severity(Severity.HIGH)
                    .score(within.toMinutes() / (double) Math.max(1, minutes))
                    .subject(first.branchId(), "user", change.subjectId())
                    .evidence(evidence)
                    .explanation("User %s was raised from %s to %s and %d minutes later made %d stock adjustment(s) (%s) at branch %s."
                            .formatted(change.subjectId(), role(change, "old").orElse("?"), role(change, "new").orElse("?"),
                                    minutes, adjustments.size(), reasons, first.branchId()))
                    .build(detectedAt, key));
        });
        return anomalies;
    }

    boolean isEscalation(BusinessEvent change) {
        int from = rank(change, "old");
        int to = rank(change, "new");
        return from >= 0 && to > from && to < ranking.size() && escalatedRoles.contains(ranking.get(to));
    }

    /** Rank by role name when known, else by role id (the reference schema numbers roles by privilege). */
    private int rank(BusinessEvent change, String side) {
        Optional<String> name = role(change, side);
        if (name.isPresent() && ranking.contains(name.get())) {
            return ranking.indexOf(name.get());
        }
        return Attrs.decimal(change.attributes(), side + "RoleId", side + "_role_id").map(d -> d.intValue() - 1).orElse(-1);
    }

    private static Optional<String> role(BusinessEvent change, String side) {
        return Attrs.text(change.attributes(), side + "Role", side + "RoleName", side + "_role_name", side + "_role").map(String::toUpperCase);
    }
}
