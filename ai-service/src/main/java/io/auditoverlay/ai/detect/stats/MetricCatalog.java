package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.stats.MetricSpec.Direction;
import java.util.List;

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
    public static final String SALES_BURST = "sales-burst";
    public static final String SALES_VALUE_BURST = "sales-value-burst";
    public static final String VOID_BURST = "void-burst";
    public static final String REFUND_BURST = "refund-burst";
    public static final String DISCOUNT_BURST = "discount-burst";
    public static final String ADJUSTMENT_BURST = "adjustment-burst";

    private MetricCatalog() {
    }

    public static List<MetricSpec> specs(DetectionConfig.Statistical config) {
        int w = config.intradayWindowHours();
        return List.of(
                new MetricSpec(VOLUME_SPIKE, Direction.HIGH, Series.SALES, "sales", false, false, true, 0, config.volumeSpike()),
                new MetricSpec(VOLUME_DROP, Direction.LOW, Series.SALES, "sales", false, false, true, 0, config.volumeDrop()),
                new MetricSpec(SALES_VALUE_SPIKE, Direction.HIGH, Series.SALES_VALUE, "in sales value", false, true, true, 0,
                        config.salesValueSpike()),
                new MetricSpec(VOID_RATE, Direction.HIGH, Series.VOIDS, "voids", true, false, false, 0, config.voidRate()),
                new MetricSpec(REFUND_RATE, Direction.HIGH, Series.REFUNDS, "refunds", true, false, false, 0, config.refundRate()),
                new MetricSpec(DISCOUNT_RATE, Direction.HIGH, Series.DISCOUNTS, "in discounts", true, true, false, 0,
                        config.discountRate()),
                new MetricSpec(ADJUSTMENT_RATE, Direction.HIGH, Series.ADJUSTMENTS, "manual adjustments", false, false, false, 0,
                        config.adjustmentRate()),
                new MetricSpec(PRODUCT_SALES_SPIKE, Direction.HIGH, Series.UNITS, "units sold", false, false, true, 0,
                        config.productSalesSpike()),
                new MetricSpec(SALES_BURST, Direction.HIGH, Series.SALES, "sales", false, false, true, w, config.salesBurst()),
                new MetricSpec(SALES_VALUE_BURST, Direction.HIGH, Series.SALES_VALUE, "in sales value", false, true, true, w,
                        config.salesValueBurst()),
                new MetricSpec(VOID_BURST, Direction.HIGH, Series.VOIDS, "voids", true, false, false, w, config.voidBurst()),
                new MetricSpec(REFUND_BURST, Direction.HIGH, Series.REFUNDS, "refunds", true, false, false, w, config.refundBurst()),
                new MetricSpec(DISCOUNT_BURST, Direction.HIGH, Series.DISCOUNTS, "in discounts", true, true, false, w,
                        config.discountBurst()),
                new MetricSpec(ADJUSTMENT_BURST, Direction.HIGH, Series.ADJUSTMENTS, "manual adjustments", false, false, false, w,
                        config.adjustmentBurst()));
    }
}
