package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.detect.stats.MetricSpec.Direction;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.rollup.Cell;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One detector over one branch's series: every bucket closing in the window is judged against its
 * {@link Baselines}. A daily or fixed-bucket detector judges the bucket itself; an intraday one
 * judges the windows of one to {@code windowHours} hours ending with each closed hour and raises at
 * most one anomaly per subject and local day (the first hour at which one fires), so a burst is
 * called in the run after the hour it shows, and the same burst is not called again that day.
 */
final class SeriesJudge {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ROOT);
    private static final int MAX_EVIDENCE = 200;

    private final MetricSpec spec;
    private final DetectionConfig.Metric t;
    private final ZoneId zone;
    private final Map<SeriesKey, NavigableMap<Instant, Cell>> series;
    private final Instant coverage;
    private final SeriesSource source;
    private final Baselines baselines;
    private final int hours;
    private static final Baselines.Pooled NONE = new Baselines.Pooled(0, 0, 0);

    SeriesJudge(MetricSpec spec, ZoneId zone, Map<SeriesKey, NavigableMap<Instant, Cell>> series, Instant coverage,
            Baselines baselines, SeriesSource source) {
        this.spec = spec;
        this.t = spec.thresholds();
        this.zone = zone;
        this.series = series;
        this.coverage = coverage;
        this.source = source;
        this.hours = spec.bucketHours();
        this.baselines = baselines;
    }

    List<Anomaly> judge(Instant from, Instant to, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (Map.Entry<SeriesKey, NavigableMap<Instant, Cell>> entry : series.entrySet()) {
            SeriesKey key = entry.getKey();
            Map<Instant, Candidate> firstOfDay = new TreeMap<>();
            // Buckets that close inside (from, to]: consecutive windows judge each bucket once,
            // whatever their alignment to the branch's local days.
            ZonedDateTime bucket = StatisticalDetector.bucketStart(from, zone, hours);
            if (!StatisticalDetector.next(bucket, hours).toInstant().isAfter(from)) {
                bucket = StatisticalDetector.next(bucket, hours);
            }
            for (; !StatisticalDetector.next(bucket, hours).toInstant().isAfter(to); bucket = StatisticalDetector.next(bucket, hours)) {
                if (bucket.toInstant().isBefore(coverage)) {
                    continue; // partly before the trail knows this branch: unknown, not low
                }
                Optional<Candidate> found = judgeBucket(key, bucket, entry.getValue());
                if (found.isEmpty()) {
                    continue;
                }
                if (spec.intraday()) {
                    firstOfDay.putIfAbsent(StatisticalDetector.bucketOf(bucket.toInstant(), zone, 24), found.get());
                } else {
                    anomalies.add(build(key, found.get(), detectedAt));
                }
            }
            firstOfDay.values().forEach(c -> anomalies.add(build(key, c, detectedAt)));
        }
        return anomalies;
    }

    /** The strongest firing window ending with this bucket, if any. */
    private Optional<Candidate> judgeBucket(SeriesKey key, ZonedDateTime last, NavigableMap<Instant, Cell> cells) {
        Cell lastCell = cells.getOrDefault(last.toInstant(), Cell.EMPTY);
        if (spec.direction() == Direction.HIGH && lastCell.isEmpty()) {
            return Optional.empty();
        }
        Candidate best = null;
        int widths = spec.intraday() ? spec.windowHours() : 1;
        for (int w = 1; w <= widths; w++) {
            ZonedDateTime start = last.minusHours(w - 1L);
            if (start.toInstant().isBefore(coverage)) {
                break;
            }
            Cell observed = Baselines.sum(cells, start, w, hours);
            Baselines.Baseline baseline = baselines.of(key, start, w);
            Baselines.Pooled pooled = spec.intraday() ? baselines.pooled(key, start, w) : NONE;
            Optional<Candidate> c = fires(observed, baseline, pooled, start, StatisticalDetector.next(last, hours));
            if (c.isPresent() && (best == null || Math.abs(c.get().z) > Math.abs(best.z))) {
                best = c.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A window fires when its robust z reaches the cut, it differs from the median by the minimum
     * delta, and, for a spike of a count, its count of events is as improbable under Poisson with the
     * usual rate as the cut says ({@link RobustStats#poissonZ}): five voids against a usual 0.6 a
     * day is a 1-in-2,500 day, which 240 cashiers see every ten days, not a five-sigma event.
     */
    private Optional<Candidate> fires(Cell observed, Baselines.Baseline baseline, Baselines.Pooled pooled, ZonedDateTime start,
            ZonedDateTime end) {
        int n = baseline.values().length;
        if (n < Math.min(baselines.minSamples(), baselines.minWeeklySamples()) || (n < baselines.minSamples() && !baseline.weekly())) {
            return Optional.empty();
        }
        double median = RobustStats.median(baseline.values());
        double z = RobustStats.zScore(observed.value(), median, RobustStats.mad(baseline.values()), t.absoluteFloor(),
                t.relativeFloor(), Math.max(Math.sqrt(pooled.squares()), RobustStats.compoundPoissonSigma(baseline.squares())));
        double cut = spec.money() ? Math.max(RobustStats.skewCorrectedThreshold(t.threshold(), baseline.squares(), baseline.cubes()),
                RobustStats.skewCorrectedThreshold(t.threshold(), new double[] {pooled.squares()}, new double[] {pooled.cubes()}))
                : t.threshold();
        boolean fires = spec.direction() == Direction.HIGH
                ? z >= cut && observed.value() - median >= t.minDelta()
                        && (spec.money() || RobustStats.poissonZ(observed.events(),
                                Math.max(pooled.events(), RobustStats.mean(baseline.events()))) >= t.threshold())
                : z <= -t.threshold() && median - observed.value() >= t.minDelta() && median >= t.minMedian();
        return fires ? Optional.of(new Candidate(start, end, observed, median, n, baseline.description(), z)) : Optional.empty();
    }

    private Anomaly build(SeriesKey key, Candidate c, Instant detectedAt) {
        String anchor = spec.intraday() ? c.start.toLocalDate().toString() : c.start.toInstant().toString();
        return AnomalyBuilder.of(spec.detector())
                .severity(Math.abs(c.z) >= 2 * t.threshold() ? Severity.HIGH : Severity.MEDIUM)
                .score(c.z)
                .subject(key.branchId(), spec.subjectType(), key.subjectId())
                .window(c.start.toInstant(), c.end.toInstant())
                .evidence(source.evidence(spec.series(), key, c.start.toInstant(), c.end.toInstant(), MAX_EVIDENCE))
                .explanation("%s recorded %s %s %s (%s); the usual is %s (median of %d %s), robust z = %s."
                        .formatted(describe(key), number(c.observed.value()), spec.what(), when(c), zone,
                                number(c.median), c.samples, c.description, String.format(Locale.ROOT, "%.1f", c.z)))
                .build(detectedAt, key.branchId(), key.subjectId(), key.label(), anchor);
    }

    private String when(Candidate c) {
        if (hours >= 24 && !spec.intraday()) {
            return "on " + c.start.format(DAY);
        }
        return "from %s to %s local time".formatted(c.start.format(LOCAL), c.end.toLocalTime());
    }

    private String describe(SeriesKey key) {
        String subject = "branch".equals(spec.subjectType()) ? "Branch " + key.branchId()
                : "%s %s at branch %s".formatted(cap(spec.subjectType()), key.subjectId(), key.branchId());
        return key.label().isEmpty() ? subject : subject + " (" + key.label() + ")";
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A firing window: where it starts and ends, what it held, against what. */
    private record Candidate(ZonedDateTime start, ZonedDateTime end, Cell observed, double median, int samples,
            String description, double z) {
    }
}
