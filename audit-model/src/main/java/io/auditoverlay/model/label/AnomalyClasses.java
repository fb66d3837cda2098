package io.auditoverlay.model.label;

import java.util.List;

/** The anomaly classes the simulator injects and labels (the {@code class} of an {@link AnomalyLabel}). */
public final class AnomalyClasses {

    /** One cashier voids many of their own sales in a short time. */
    public static final String VOID_ABUSE = "void_abuse";
    /** Refunds that reference no sale ({@code refunds.sale_id} null). */
    public static final String REFUND_WITHOUT_SALE = "refund_without_sale";
    /** THEFT or COUNT_CORRECTION write-downs of schedule II products by one user. */
    public static final String CONTROLLED_SHRINK = "controlled_shrink";
    /** A user raised to ADMIN, stock adjustments under that role, then the role reverted. */
    public static final String ROLE_ESCALATION = "role_escalation";
    /** Sales or adjustments outside the branch's opening hours (its local time). */
    public static final String AFTER_HOURS = "after_hours";
    /** Sale lines priced below the product's cost (a manual price override). */
    public static final String PRICE_BELOW_COST = "price_below_cost";
    /** A branch-day with several times its usual number of sales. */
    public static final String VOLUME_SPIKE = "volume_spike";
    /** A branch-day with a fraction of its usual number of sales. */
    public static final String VOLUME_DROP = "volume_drop";
    /** An inventory quantity lowered with no sale and no adjustment row. */
    public static final String STOCK_DECREASE_WITHOUT_SALE = "stock_decrease_without_sale";

    /** Every class, in a stable order. */
    public static final List<String> ALL = List.of(VOID_ABUSE, REFUND_WITHOUT_SALE, CONTROLLED_SHRINK,
            ROLE_ESCALATION, AFTER_HOURS, PRICE_BELOW_COST, VOLUME_SPIKE, VOLUME_DROP,
            STOCK_DECREASE_WITHOUT_SALE);

    private AnomalyClasses() {
    }
}
