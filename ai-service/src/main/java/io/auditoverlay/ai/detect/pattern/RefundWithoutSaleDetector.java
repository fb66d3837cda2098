package io.auditoverlay.ai.detect.pattern;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A refund that names no sale, or names one that never completed in this branch. The inference
 * rules may already say so ({@code sale_matched=false}); otherwise the history is asked.
 */
public final class RefundWithoutSaleDetector implements Detector {

    public static final String NAME = "refund-without-sale";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean judgesAbsence() {
        return true;
    }

    @Override
    public List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (BusinessEvent e : focus) {
            if (!BusinessEventTypes.SALE_REFUNDED.equals(e.type())) {
                continue;
            }
            Optional<String> saleId = saleId(e);
            boolean matched = Attrs.bool(e.attributes(), "matchingSale", "sale_matched").orElse(false);
            // Inference's verdict "matched" is final; "not matched" is checked against the whole
            // trail, because inference only remembers recent sales.
            boolean unmatched = saleId.isEmpty() || (!matched && !history.saleCompleted(e.branchId(), saleId.get()));
            if (!unmatched) {
                continue;
            }
            BigDecimal amount = Attrs.decimal(e.attributes(), "amount", "refund_amount", "total").orElse(BigDecimal.ZERO);
            String user = Events.actor(e).orElse(null);
            String why = saleId.isEmpty() ? "names no sale" : "names sale " + saleId.get() + ", which never completed in this branch";
            anomalies.add(AnomalyBuilder.of(NAME)
                    .severity(amount.compareTo(new BigDecimal("100")) >= 0 ? Severity.HIGH : Severity.MEDIUM)
                    .score(amount.doubleValue())
                    .subject(e.branchId(), user != null ? "user" : "branch", user != null ? user : e.branchId())
                    .evidence(List.of(e))
                    .explanation("Refund of %s at branch %s%s %s.".formatted(Events.money(amount), e.branchId(),
                            user != null ? " by user " + user : "", why))
                    .build(detectedAt, e.branchId(), Events.txOrId(e), String.valueOf(e.id())));
        }
        return anomalies;
    }

    /** The refunded sale; the subject only when the rules name no sale attribute at all. */
    private static Optional<String> saleId(BusinessEvent e) {
        if (e.attributes() != null && (e.attributes().containsKey("saleId") || e.attributes().containsKey("sale_id"))) {
            return Attrs.text(e.attributes(), "saleId", "sale_id");
        }
        return "sale".equals(e.subjectType()) ? Optional.ofNullable(e.subjectId()) : Optional.empty();
    }
}
