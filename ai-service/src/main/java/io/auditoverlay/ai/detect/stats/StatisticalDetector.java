package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.ai.rollup.Cell;
import io.auditoverlay.model.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Robust z-scores of bucketed series against their own history: the same local hours of the week
 * in previous weeks, falling back to the same local hours on previous days while fewer weeks are
 * known; the previous days for daily series. Previous days of a sales-driven series are put on the
 * judged day's weekday footing ({@link WeekdayProfile}). Intraday detectors judge every closed hour
 * over rolling windows of one to a few hours ({@link SeriesJudge}).
 *
 * <p>Series are read from a {@link SeriesSource}, one branch and family at a time. A series is
 * known from its branch's first hour in the rollups: the trail may hold much older events, which say
 * nothing about trading before the capture began, so earlier buckets are unknown, not zero. A bucket
 * is judged once it has closed, never before {@code detectedAt}.
 */
public final class StatisticalDetector {

    private final List<MetricSpec> specs;
    private final DetectionConfig.Statistical config;

    public StatisticalDetector(List<MetricSpec> specs, DetectionConfig.Statistical config) {
        this.specs = specs;
        this.config = config;
    }

    /**
     * Judges every bucket that closes inside (from, to]. Buckets before {@code coverageStart} (or a
     * branch's first hour of the series) are unknown, not zero.
     */
    public List<Anomaly> detect(SeriesSource source, ReferenceData reference, Instant from, Instant to,
            Instant coverageStart, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        Instant until = to.isAfter(detectedAt) ? detectedAt : to;
        if (!until.isAfter(from)) {
            return anomalies;
        }
        Instant loadFrom = from.minus(lookback());
        WeekdayProfile[] profile = new WeekdayProfile[1]; // read once, and only when a seasonal series has a bucket to judge
        // Who worked when, per branch and start: read once for the six user detectors, not six times.
        Map<String, Map<Instant, Set<String>>> activeByBranch = new HashMap<>();
        for (MetricSpec spec : specs) {
            if (!spec.thresholds().enabled()) {
                continue;
            }
            for (Map.Entry<String, Instant> branch : source.firstSeen(spec.series()).entrySet()) {
                if (!branch.getValue().isBefore(until)) {
                    continue;
                }
                ZoneId zone = reference.branch(branch.getKey()).zone();
                if (!closesBucket(from, until, zone, spec.bucketHours())) {
                    continue; // a daily series in a window of a few hours that holds no local midnight
                }
                if (spec.seasonal() && profile[0] == null) {
                    profile[0] = config.weekdayAdjustment() ? weekdayProfile(source, reference, loadFrom, until) : WeekdayProfile.flat();
                }
                Instant coverage = latest(branch.getValue(), coverageStart);
                Instant start = latest(coverage, from.minus(lookback(spec)));
                Map<SeriesKey, NavigableMap<Instant, Cell>> series =
                        source.load(spec.series(), branch.getKey(), zone, spec.bucketHours(), start, until);
                Map<Instant, Set<String>> active = spec.baselineOnActiveBucketsOnly()
                        ? activeByBranch.computeIfAbsent(branch.getKey() + "|" + start,
                                k -> activeUsers(source, branch.getKey(), zone, start, until)) : Map.of();
                Baselines baselines = new Baselines(spec, config, zone, series, active, coverage,
                        spec.seasonal() ? profile[0] : WeekdayProfile.flat(), reference::role);
                anomalies.addAll(new SeriesJudge(spec, zone, series, coverage, baselines, source).judge(from, until, detectedAt));
            }
        }
        return anomalies;
    }

    /** The span of history a window needs for its baselines. */
    public Duration lookback() {
        return Duration.ofDays(Math.max(7L * config.baselineWeeks(), config.baselineDays()) + 2);
    }

    /** The span one detector's baselines reach back: weeks for sub-daily buckets, days for daily ones. */
    private Duration lookback(MetricSpec spec) {
        return spec.bucketHours() < 24 ? lookback() : Duration.ofDays(config.baselineDays() + 2L);
    }

    /** Local day start → the users who did anything at the branch that day. */
    private static Map<Instant, Set<String>> activeUsers(SeriesSource source, String branch, ZoneId zone, Instant from,
            Instant to) {
        Map<Instant, Set<String>> active = new HashMap<>();
        source.load(Series.ACTIVITY, branch, zone, 24, from, to).forEach((key, days) -> days.forEach((day, cell) -> {
            if (!cell.isEmpty()) {
                active.computeIfAbsent(day, d -> new HashSet<>()).add(key.subjectId());
            }
        }));
        return active;
    }

    private WeekdayProfile weekdayProfile(SeriesSource source, ReferenceData reference, Instant from, Instant until) {
        Map<String, ZoneId> zones = new HashMap<>();
        Map<String, Instant> first = new HashMap<>();
        Map<String, Map<Instant, Double>> perDay = new HashMap<>();
        source.firstSeen(Series.SALES).forEach((branch, firstHour) -> {
            ZoneId zone = reference.branch(branch).zone();
            zones.put(branch, zone);
            first.put(branch, latest(firstHour, from));
            Map<Instant, Double> days = new HashMap<>();
            source.load(Series.SALES, branch, zone, 24, latest(firstHour, from), until)
                    .values().forEach(cells -> cells.forEach((day, cell) -> days.merge(day, cell.value(), Double::sum)));
            perDay.put(branch, days);
        });
        return WeekdayProfile.ofDailySales(zones, first, perDay, until, config.minWeekdaySamples());
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Whether a bucket of {@code hours} closes inside (from, until]: what {@link SeriesJudge#judge} judges. */
    static boolean closesBucket(Instant from, Instant until, ZoneId zone, int hours) {
        ZonedDateTime bucket = bucketStart(from, zone, hours);
        ZonedDateTime end = next(bucket, hours);
        if (!end.toInstant().isAfter(from)) {
            end = next(end, hours);
        }
        return !end.toInstant().isAfter(until);
    }

    static ZonedDateTime bucketStart(Instant at, ZoneId zone, int hours) {
        ZonedDateTime local = at.atZone(zone);
        if (hours >= 24) {
            return local.truncatedTo(ChronoUnit.DAYS);
        }
        // withHour, not midnight plus hours: on a daylight-saving day those differ by an hour.
        return local.truncatedTo(ChronoUnit.HOURS).withHour(local.getHour() / hours * hours);
    }

    /** The local bucket of {@code hours} that holds {@code at}, as an instant. */
    public static Instant bucketOf(Instant at, ZoneId zone, int hours) {
        return bucketStart(at, zone, hours).toInstant();
    }

    static ZonedDateTime next(ZonedDateTime bucket, int hours) {
        return hours >= 24 ? bucket.plusDays(1) : bucket.plusHours(hours);
    }
}
