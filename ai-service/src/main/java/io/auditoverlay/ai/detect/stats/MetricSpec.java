package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;

/**
 * One statistical detector: which series, in which buckets, judged in which direction.
 *
 * @param series what is measured (a family of series in the hourly rollups)
 * @param what a human phrase for explanations, e.g. "sales"
 * @param baselineOnActiveBucketsOnly a user's baseline counts only the days the user worked
 * @param money the value sums amounts of money, whose right skew the z cut is corrected for
 *        ({@link RobustStats#skewCorrectedThreshold})
 * @param seasonal the series follows the shop's footfall, so a baseline of previous days is put on
 *        the judged day's weekday footing ({@link WeekdayProfile})
 * @param windowHours 0 for fixed buckets of {@code thresholds().bucketHours()}; otherwise an
 *        intraday detector judging every closed hour over rolling windows of 1 to this many hours,
 *        raising at most one anomaly per subject and local day
 */
public record MetricSpec(
        String detector,
        Direction direction,
        Series series,
        String what,
        boolean baselineOnActiveBucketsOnly,
        boolean money,
        boolean seasonal,
        int windowHours,
        DetectionConfig.Metric thresholds) {

    public enum Direction { HIGH, LOW }

    public String subjectType() {
        return series.subjectType();
    }

    public boolean intraday() {
        return windowHours > 0;
    }

    /** The rollup bucket the series is read in: hours for intraday detectors, else the configured bucket. */
    public int bucketHours() {
        return intraday() ? 1 : Math.max(1, Math.min(24, thresholds.bucketHours()));
    }
}
