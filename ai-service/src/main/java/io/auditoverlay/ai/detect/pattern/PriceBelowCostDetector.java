package io.auditoverlay.ai.detect.pattern;

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
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A price set below the product's cost, either in the catalog or as a line price in a sale. */
public final class PriceBelowCostDetector implements Detector {

    public static final String NAME = "price-below-cost";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (BusinessEvent e : focus) {
            if (BusinessEventTypes.PRODUCT_PRICE_CHANGED.equals(e.type())) {
                priceChange(e, reference, detectedAt).ifPresent(anomalies::add);
            } else if (BusinessEventTypes.SALE_COMPLETED.equals(e.type())) {
                saleLines(e, reference, detectedAt).ifPresent(anomalies::add);
            }
        }
        return anomalies;
    }

    private Optional<Anomaly> priceChange(BusinessEvent e, ReferenceData reference, Instant detectedAt) {
        Optional<String> productId = Events.productId(e);
        Optional<BigDecimal> price = Attrs.decimal(e.attributes(), "newPrice", "new_price", "unit_price", "price");
        Optional<BigDecimal> cost = Attrs.decimal(e.attributes(), "cost", "newCost", "new_cost")
                .or(() -> productId.flatMap(reference::product).map(ProductInfo::cost));
        if (price.isEmpty() || cost.isEmpty() || price.get().compareTo(cost.get()) >= 0) {
            return Optional.empty();
        }
        String oldPrice = Attrs.decimal(e.attributes(), "oldPrice", "old_price").map(Events::money).orElse("?");
        String user = Events.actor(e).orElse(null);
        return Optional.of(AnomalyBuilder.of(NAME)
                .severity(Severity.HIGH)
                .score(ratio(cost.get(), price.get()))
                .subject(e.branchId(), "product", productId.orElse(e.subjectId()))
                .evidence(List.of(e))
                .explanation("Price of product %s changed from %s to %s, below its cost %s%s."
                        .formatted(productId.orElse("?"), oldPrice, Events.money(price.get()), Events.money(cost.get()),
                                user != null ? ", by user " + user : ""))
                .build(detectedAt, String.valueOf(e.branchId()), Events.txOrId(e), String.valueOf(e.id())));
    }

    private Optional<Anomaly> saleLines(BusinessEvent e, ReferenceData reference, Instant detectedAt) {
        List<String> below = new ArrayList<>();
        double worst = 0;
        for (Map<String, Object> item : Attrs.maps(e.attributes(), "items")) {
            Optional<String> productId = Attrs.text(item, "product_id", "productId");
            Optional<BigDecimal> price = effectivePrice(item);
            Optional<BigDecimal> cost = Attrs.decimal(item, "cost", "unit_cost", "unitCost")
                    .or(() -> productId.flatMap(reference::product).map(ProductInfo::cost));
            if (price.isPresent() && cost.isPresent() && price.get().compareTo(cost.get()) < 0) {
                below.add("product %s at %s (cost %s)".formatted(productId.orElse("?"), Events.money(price.get()),
                        Events.money(cost.get())));
                worst = Math.max(worst, ratio(cost.get(), price.get()));
            }
        }
        if (below.isEmpty()) {
            return Optional.empty();
        }
        String user = Events.actor(e).orElse(null);
        return Optional.of(AnomalyBuilder.of(NAME)
                .severity(Severity.MEDIUM)
                .score(worst)
                .subject(e.branchId(), user != null ? "user" : "sale", user != null ? user : e.subjectId())
                .evidence(List.of(e))
                .explanation("Sale %s at branch %s%s sold below cost: %s."
                        .formatted(e.subjectId(), e.branchId(), user != null ? " by user " + user : "", String.join("; ", below)))
                .build(detectedAt, String.valueOf(e.branchId()), Events.txOrId(e), String.valueOf(e.id())));
    }

    /**
     * What the line really charged per unit: its line total over its quantity when both are known
     * (a line discount can take a price under cost as surely as an override), else the unit price.
     */
    private static Optional<BigDecimal> effectivePrice(Map<String, Object> item) {
        Optional<BigDecimal> unit = Attrs.decimal(item, "unit_price", "unitPrice", "price");
        Optional<BigDecimal> total = Attrs.decimal(item, "line_total", "lineTotal");
        Optional<BigDecimal> quantity = Attrs.decimal(item, "quantity").filter(q -> q.signum() > 0);
        if (total.isPresent() && quantity.isPresent()) {
            BigDecimal perUnit = total.get().divide(quantity.get(), 2, RoundingMode.HALF_UP);
            return Optional.of(unit.map(u -> u.min(perUnit)).orElse(perUnit));
        }
        return unit;
    }

    /** How many times the cost exceeds the price (∞ capped for a zero price). */
    private static double ratio(BigDecimal cost, BigDecimal price) {
        return price.signum() <= 0 ? 100.0 : cost.doubleValue() / price.doubleValue();
    }
}
