package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.model.business.BusinessEvent;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One statistical series family: which events, grouped by what, in which buckets, measuring what,
 * judged in which direction.
 *
 * @param seriesKey the series an event belongs to (empty: not counted), e.g. its branch or user
 * @param subjectType what the series key names, for the anomaly's subject
 * @param what a human phrase for explanations, e.g. "sales"
 * @param baselineOnActiveBucketsOnly a user's baseline counts only the days the user worked
 * @param counts the value counts events, so its natural noise is at least √median (Poisson)
 */
public record MetricSpec(
        String detector,
        Direction direction,
        Predicate<BusinessEvent> filter,
        Function<BusinessEvent, Optional<SeriesKey>> seriesKey,
        String subjectType,
        ToDoubleFunction<BusinessEvent> value,
        String what,
        boolean baselineOnActiveBucketsOnly,
        boolean counts,
        DetectionConfig.Metric thresholds) {

    public enum Direction { HIGH, LOW }

    /** A series: the branch (for its time zone) and the subject within it. */
    public record SeriesKey(String branchId, String subjectId, String label) {
    }
}
