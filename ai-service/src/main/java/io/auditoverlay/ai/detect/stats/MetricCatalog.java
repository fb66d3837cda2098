package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.Events;
import io.auditoverlay.ai.detect.stats.MetricSpec.Direction;
import io.auditoverlay.ai.detect.stats.MetricSpec.SeriesKey;
import static io.auditoverlay.ai.detect.stats.MetricSpec.single;
import io.auditoverlay.ai.events.Attrs;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** The statistical detectors this service runs, and what each one measures. */
public final class MetricCatalog {

    public static final String VOLUME_SPIKE = "volume-spike";
    public static final String VOLUME_DROP = "volume-drop";
    public static final String SALES_VALUE_SPIKE = "sales-value-spike";
    public static final String VOID_RATE = "void-rate";
    public static final String REFUND_RATE = "refund-rate";
    public static final String DISCOUNT_RATE = "discount-rate";
    public static final String ADJUSTMENT_RATE = "adjustment-rate";
    public static final String PRODUCT_SALES_SPIKE = "product-sales-spike";

    /** Routine stock movements that the adjustment-rate detector does not count. */
    private static final Set<String> ROUTINE_REASONS = Set.of("SALE", "RECEIPT", "RETURN", "TRANSFER_IN", "TRANSFER_OUT");

    private MetricCatalog() {
    }

    public static List<MetricSpec> specs(DetectionConfig.Statistical config) {
        Predicate<BusinessEvent> sales = type(BusinessEventTypes.SALE_COMPLETED);
        return List.of(
                new MetricSpec(VOLUME_SPIKE, Direction.HIGH, sales, single(MetricCatalog::branch, e -> 1), "branch", "sales", false, false, true, config.volumeSpike()),
                new MetricSpec(VOLUME_DROP, Direction.LOW, sales, single(MetricCatalog::branch, e -> 1), "branch", "sales", false, false, true, config.volumeDrop()),
                new MetricSpec(SALES_VALUE_SPIKE, Direction.HIGH, sales, single(MetricCatalog::branch, e -> amount(e, "total")),
                        "branch", "in sales value", false, true, true, config.salesValueSpike()),
                new MetricSpec(VOID_RATE, Direction.HIGH, type(BusinessEventTypes.SALE_VOIDED),
                        single(MetricCatalog::user, e -> 1), "user", "voids", true, false, false, config.voidRate()),
                new MetricSpec(REFUND_RATE, Direction.HIGH, type(BusinessEventTypes.SALE_REFUNDED),
                        single(MetricCatalog::user, e -> 1), "user", "refunds", true, false, false, config.refundRate()),
                new MetricSpec(DISCOUNT_RATE, Direction.HIGH, sales, single(MetricCatalog::user, e -> amount(e, "discount")),
                        "user", "in discounts", true, true, false, config.discountRate()),
                new MetricSpec(ADJUSTMENT_RATE, Direction.HIGH, MetricCatalog::manualAdjustment,
                        single(MetricCatalog::productReason, e -> 1), "product", "manual adjustments", false, false,
                        false, config.adjustmentRate()),
                new MetricSpec(PRODUCT_SALES_SPIKE, Direction.HIGH, sales, MetricCatalog::productUnits, "product",
                        "units sold", false, false, true, config.productSalesSpike()));
    }

    private static Predicate<BusinessEvent> type(String type) {
        return e -> type.equals(e.type()) && e.branchId() != null;
    }

    private static boolean manualAdjustment(BusinessEvent e) {
        return BusinessEventTypes.INVENTORY_ADJUSTED.equals(e.type()) && e.branchId() != null
                && !ROUTINE_REASONS.contains(Events.reason(e).orElse("SALE"));
    }

    private static Optional<SeriesKey> branch(BusinessEvent e) {
        return Optional.of(new SeriesKey(e.branchId(), e.branchId(), ""));
    }

    private static Optional<SeriesKey> user(BusinessEvent e) {
        return Events.actor(e).map(u -> new SeriesKey(e.branchId(), u, ""));
    }

    private static Optional<SeriesKey> productReason(BusinessEvent e) {
        Function<String, SeriesKey> key = p -> new SeriesKey(e.branchId(), p, Events.reason(e).orElse("?"));
        return Events.productId(e).map(key);
    }

    /** A sale's units per product (its SALE stock movements are not counted again). */
    private static List<MetricSpec.Contribution> productUnits(BusinessEvent e) {
        java.util.Map<String, Double> units = new java.util.LinkedHashMap<>();
        for (java.util.Map<String, Object> item : Attrs.maps(e.attributes(), "items")) {
            Attrs.text(item, "product_id", "productId").ifPresent(p -> units.merge(p,
                    Attrs.decimal(item, "quantity").orElse(BigDecimal.ONE).doubleValue(), Double::sum));
        }
        return units.entrySet().stream()
                .map(u -> new MetricSpec.Contribution(new SeriesKey(e.branchId(), u.getKey(), ""), u.getValue())).toList();
    }

    private static double amount(BusinessEvent e, String key) {
        return Attrs.decimal(e.attributes(), key).orElse(BigDecimal.ZERO).doubleValue();
    }
}
