package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.model.business.BusinessEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * One statistical series family: which events, grouped by what, in which buckets, measuring what,
 * judged in which direction.
 *
 * @param contributions what an event adds to which series (none: not counted); a sale adds to
 *        its branch's series once, or to one branch × product series per line
 * @param subjectType what the series key names, for the anomaly's subject
 * @param what a human phrase for explanations, e.g. "sales"
 * @param baselineOnActiveBucketsOnly a user's baseline counts only the days the user worked
 * @param money the value sums amounts of money, whose right skew the z cut is corrected for
 *        ({@link RobustStats#skewCorrectedThreshold})
 * @param seasonal the series follows the shop's footfall, so a baseline of previous days is put on
 *        the judged day's weekday footing ({@link WeekdayProfile})
 */
public record MetricSpec(
        String detector,
        Direction direction,
        Predicate<BusinessEvent> filter,
        Function<BusinessEvent, List<Contribution>> contributions,
        String subjectType,
        String what,
        boolean baselineOnActiveBucketsOnly,
        boolean money,
        boolean seasonal,
        DetectionConfig.Metric thresholds) {

    public enum Direction { HIGH, LOW }

    /** An event's share of one series. */
    public record Contribution(SeriesKey key, double value) {
    }

    /** One series per event, from a key and a value. */
    public static Function<BusinessEvent, List<Contribution>> single(Function<BusinessEvent, Optional<SeriesKey>> key,
            ToDoubleFunction<BusinessEvent> value) {
        return e -> key.apply(e).map(k -> List.of(new Contribution(k, value.applyAsDouble(e)))).orElse(List.of());
    }

    /** A series: the branch (for its time zone) and the subject within it. */
    public record SeriesKey(String branchId, String subjectId, String label) {
    }
}
