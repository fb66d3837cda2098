package io.auditoverlay.ai.detect.pattern;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.detect.Detector;
import io.auditoverlay.ai.detect.Events;
import io.auditoverlay.ai.events.Attrs;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.reference.ProductInfo;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stock of a scheduled (controlled) product written off as theft or a count correction: possible diversion. */
public final class ControlledAdjustmentDetector implements Detector {

    public static final String NAME = "controlled-substance-adjustment";

    private final Set<String> reasons;

    public ControlledAdjustmentDetector(DetectionConfig.Controlled config) {
        this.reasons = Set.copyOf(config.reasons().stream().map(String::toUpperCase).toList());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (BusinessEvent e : focus) {
            if (!BusinessEventTypes.INVENTORY_ADJUSTED.equals(e.type())) {
                continue;
            }
            String reason = Events.reason(e).orElse(null);
            BigDecimal delta = Events.delta(e).orElse(null);
            if (reason == null || !reasons.contains(reason) || delta == null || delta.signum() >= 0) {
                continue;
            }
            Optional<String> productId = Events.productId(e);
            Optional<String> schedule = schedule(e, productId.flatMap(reference::product));
            if (schedule.isEmpty()) {
                continue;
            }
            String user = Events.actor(e).orElse(null);
            anomalies.add(AnomalyBuilder.of(NAME)
                    .severity(severity(schedule.get(), delta))
                    .score(delta.abs().doubleValue())
                    .subject(e.branchId(), "product", productId.orElse(e.subjectId()))
                    .evidence(List.of(e))
                    .explanation("%s units of schedule %s product %s written off as %s at branch %s%s."
                            .formatted(delta.abs().stripTrailingZeros().toPlainString(), schedule.get(),
                                    productId.orElse("?"), reason, e.branchId(), user != null ? " by user " + user : ""))
                    .build(detectedAt, e.branchId(), Events.txOrId(e), String.valueOf(e.id())));
        }
        return anomalies;
    }

    /** The schedule the event carries, else the catalog's; an explicit {@code controlled=true} counts too. */
    private static Optional<String> schedule(BusinessEvent e, Optional<ProductInfo> product) {
        Optional<String> own = Attrs.text(e.attributes(), "schedule", "productSchedule", "product_schedule");
        if (own.isPresent()) {
            return own;
        }
        if (product.isPresent() && product.get().controlled()) {
            return Optional.of(product.get().schedule());
        }
        return Attrs.bool(e.attributes(), "controlled").filter(Boolean::booleanValue).map(c -> "?");
    }

    private static Severity severity(String schedule, BigDecimal delta) {
        if ("II".equals(schedule)) {
            return Severity.CRITICAL;
        }
        return "V".equals(schedule) && delta.abs().compareTo(BigDecimal.TEN) < 0 ? Severity.MEDIUM : Severity.HIGH;
    }
}
