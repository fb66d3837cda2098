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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Goods leaving without a till record: a stock quantity lowered with no adjustment row at all
 * (inference marks it {@code withoutAdjustmentRow}), or a decrease booked as a "sale" (or with no
 * reason) in a transaction that completed no sale. Events without a transaction id (a foreign
 * source) are matched against sales of the product within the configured window instead.
 */
public final class StockDecreaseWithoutSaleDetector implements Detector {

    public static final String NAME = "stock-decrease-without-sale";
    private static final Set<String> UNEXPLAINED_REASONS = Set.of("SALE", "UNRECORDED", "UNKNOWN");

    private final Duration matchWindow;

    public StockDecreaseWithoutSaleDetector(DetectionConfig.StockDecrease config) {
        this.matchWindow = config.saleMatchWindow();
    }

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
            if (!BusinessEventTypes.INVENTORY_ADJUSTED.equals(e.type()) || e.occurredAt() == null) {
                continue;
            }
            Optional<String> reason = Events.reason(e);
            BigDecimal delta = Events.delta(e).orElse(null);
            if (delta == null || delta.signum() >= 0) {
                continue;
            }
            Optional<String> productId = Events.productId(e);
            // A quantity changed with no adjustment row (inference says so) is unexplained whatever
            // stale reason the inventory row still carries; otherwise only "sales" are checked.
            boolean withoutRow = Attrs.bool(e.attributes(), "withoutAdjustmentRow", "without_adjustment_row").orElse(false);
            boolean saleLike = reason.isEmpty() || UNEXPLAINED_REASONS.contains(reason.get());
            if (!withoutRow && (!saleLike || explainedBySale(e, productId, history))) {
                continue;
            }
            if (Attrs.bool(e.attributes(), "_partial", "partial").orElse(false)) {
                // Inference closed the transaction by timeout: its sale, or its adjustment rows, may
                // simply have come later (seen at volume: late inventory rows of a sale formed a
                // second partial group "without adjustment row"). The timeout is counted by inference.
                continue;
            }
            String user = Events.actor(e).orElse(null);
            anomalies.add(AnomalyBuilder.of(NAME)
                    .severity(Severity.HIGH)
                    .score(delta.abs().doubleValue())
                    .subject(e.branchId(), "product", productId.orElse(e.subjectId()))
                    .evidence(List.of(e))
                    .explanation("Stock of product %s at branch %s fell by %s%s%s, but no sale completed with it."
                            .formatted(productId.orElse("?"), e.branchId(), delta.abs().stripTrailingZeros().toPlainString(),
                                    withoutRow ? " with no adjustment row" : " (reason " + reason.orElse("none") + ")",
                                    user != null ? ", by user " + user : ""))
                    .build(detectedAt, String.valueOf(e.branchId()), Events.txOrId(e), String.valueOf(e.id())));
        }
        return anomalies;
    }

    private boolean explainedBySale(BusinessEvent e, Optional<String> productId, History history) {
        if (e.transactionId() != null) {
            // The POS writes a sale and its stock movements in one transaction: that is the proof.
            // A sale of the same product nearby in a busy shop proves nothing.
            return history.transactionCompletedSale(e.transactionId());
        }
        List<BusinessEvent> sales = history.salesIn(e.branchId(), e.occurredAt().minus(matchWindow), e.occurredAt().plus(matchWindow));
        if (productId.isEmpty()) {
            return !sales.isEmpty();
        }
        return sales.stream().flatMap(s -> Attrs.maps(s.attributes(), "items").stream())
                .anyMatch(item -> Objects.equals(productId.get(), Attrs.text(item, "product_id", "productId").orElse(null)));
    }
}
