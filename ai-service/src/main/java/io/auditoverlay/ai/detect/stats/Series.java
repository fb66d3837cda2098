package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.detect.Events;
import io.auditoverlay.ai.events.Attrs;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * A measured series family: which business events count, and what each adds to which series. The
 * hourly rollups ({@code insights.rollup_hourly}) hold one row per series, branch, subject and hour;
 * several detectors may judge the same series (a spike and a drop of sales, daily and intraday).
 *
 * @param name the rollup's series name
 * @param types the event types that may count (the filter narrows them)
 * @param subjectType what a series key names, for an anomaly's subject
 */
public record Series(String name, Set<String> types, Predicate<BusinessEvent> filter,
        Function<BusinessEvent, List<Contribution>> contributions, String subjectType) {

    /** An event's share of one series. */
    public record Contribution(SeriesKey key, double value) {
    }

    /** A series within a family: the branch (for its time zone), the subject and an optional label. */
    public record SeriesKey(String branchId, String subjectId, String label) {
    }

    /** Routine stock movements that the adjustment series does not count. */
    private static final Set<String> ROUTINE_REASONS = Set.of("SALE", "RECEIPT", "RETURN", "TRANSFER_IN", "TRANSFER_OUT");

    public static final Series SALES = new Series("sales", Set.of(BusinessEventTypes.SALE_COMPLETED),
            type(BusinessEventTypes.SALE_COMPLETED), single(Series::branch, e -> 1), "branch");
    public static final Series SALES_VALUE = new Series("sales_value", Set.of(BusinessEventTypes.SALE_COMPLETED),
            type(BusinessEventTypes.SALE_COMPLETED), single(Series::branch, e -> amount(e, "total")), "branch");
    public static final Series VOIDS = new Series("voids", Set.of(BusinessEventTypes.SALE_VOIDED),
            type(BusinessEventTypes.SALE_VOIDED), single(Series::user, e -> 1), "user");
    public static final Series REFUNDS = new Series("refunds", Set.of(BusinessEventTypes.SALE_REFUNDED),
            type(BusinessEventTypes.SALE_REFUNDED), single(Series::user, e -> 1), "user");
    public static final Series DISCOUNTS = new Series("discounts", Set.of(BusinessEventTypes.SALE_COMPLETED),
            type(BusinessEventTypes.SALE_COMPLETED), single(Series::user, e -> amount(e, "discount")), "user");
    public static final Series ADJUSTMENTS = new Series("adjustments", Set.of(BusinessEventTypes.INVENTORY_ADJUSTED),
            Series::manualAdjustment, single(Series::productReason, e -> 1), "product");
    public static final Series UNITS = new Series("units", Set.of(BusinessEventTypes.SALE_COMPLETED),
            type(BusinessEventTypes.SALE_COMPLETED), Series::productUnits, "product");
    /** Anything a user did at a branch: which days a user worked, for user baselines and peers. */
    public static final Series ACTIVITY = new Series("activity", Set.of(),
            e -> e.branchId() != null && e.actorUserId() != null,
            e -> List.of(new Contribution(new SeriesKey(e.branchId(), e.actorUserId(), ""), 1)), "user");

    /** Every series the rollups keep. */
    public static final List<Series> ALL = List.of(SALES, SALES_VALUE, VOIDS, REFUNDS, DISCOUNTS, ADJUSTMENTS, UNITS, ACTIVITY);

    /** What this event adds to this family's series; nothing when it does not count. */
    public List<Contribution> of(BusinessEvent e) {
        return filter.test(e) ? contributions.apply(e) : List.of();
    }

    private static Predicate<BusinessEvent> type(String type) {
        return e -> type.equals(e.type()) && e.branchId() != null;
    }

    private static Function<BusinessEvent, List<Contribution>> single(Function<BusinessEvent, Optional<SeriesKey>> key,
            ToDoubleFunction<BusinessEvent> value) {
        return e -> key.apply(e).map(k -> List.of(new Contribution(k, value.applyAsDouble(e)))).orElse(List.of());
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
        return Events.productId(e).map(p -> new SeriesKey(e.branchId(), p, Events.reason(e).orElse("?")));
    }

    /** A sale's units per product (its SALE stock movements are not counted again). */
    private static List<Contribution> productUnits(BusinessEvent e) {
        Map<String, Double> units = new LinkedHashMap<>();
        for (Map<String, Object> item : Attrs.maps(e.attributes(), "items")) {
            Attrs.text(item, "product_id", "productId").ifPresent(p -> units.merge(p,
                    Attrs.decimal(item, "quantity").orElse(BigDecimal.ONE).doubleValue(), Double::sum));
        }
        return units.entrySet().stream()
                .map(u -> new Contribution(new SeriesKey(e.branchId(), u.getKey(), ""), u.getValue())).toList();
    }

    private static double amount(BusinessEvent e, String key) {
        return Attrs.decimal(e.attributes(), key).orElse(BigDecimal.ZERO).doubleValue();
    }
}
