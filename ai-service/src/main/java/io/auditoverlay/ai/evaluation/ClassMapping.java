package io.auditoverlay.ai.evaluation;

import io.auditoverlay.ai.detect.pattern.AfterHoursDetector;
import io.auditoverlay.ai.detect.pattern.ControlledAdjustmentDetector;
import io.auditoverlay.ai.detect.pattern.PriceBelowCostDetector;
import io.auditoverlay.ai.detect.pattern.RefundWithoutSaleDetector;
import io.auditoverlay.ai.detect.pattern.RoleEscalationDetector;
import io.auditoverlay.ai.detect.pattern.StockDecreaseWithoutSaleDetector;
import io.auditoverlay.ai.detect.stats.MetricCatalog;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/** Which detector answers which of the simulator's label classes. Detectors not listed are not scored. */
public final class ClassMapping {

    private static final Map<String, String> DETECTOR_TO_CLASS = new LinkedHashMap<>();

    static {
        DETECTOR_TO_CLASS.put(MetricCatalog.VOID_RATE, "void_abuse");
        DETECTOR_TO_CLASS.put(MetricCatalog.VOID_BURST, "void_abuse");
        DETECTOR_TO_CLASS.put(RefundWithoutSaleDetector.NAME, "refund_without_sale");
        DETECTOR_TO_CLASS.put(ControlledAdjustmentDetector.NAME, "controlled_shrink");
        DETECTOR_TO_CLASS.put(RoleEscalationDetector.NAME, "role_escalation");
        DETECTOR_TO_CLASS.put(AfterHoursDetector.NAME, "after_hours");
        DETECTOR_TO_CLASS.put(PriceBelowCostDetector.NAME, "price_below_cost");
        DETECTOR_TO_CLASS.put(MetricCatalog.VOLUME_SPIKE, "volume_spike");
        DETECTOR_TO_CLASS.put(MetricCatalog.SALES_BURST, "volume_spike");
        DETECTOR_TO_CLASS.put(MetricCatalog.VOLUME_DROP, "volume_drop");
        DETECTOR_TO_CLASS.put(StockDecreaseWithoutSaleDetector.NAME, "stock_decrease_without_sale");
    }

    private ClassMapping() {
    }

    public static Optional<String> classOf(String detector) {
        return Optional.ofNullable(DETECTOR_TO_CLASS.get(detector));
    }

    /** The label classes, in report order. */
    public static Iterable<String> classes() {
        return new LinkedHashSet<>(DETECTOR_TO_CLASS.values());
    }
}
