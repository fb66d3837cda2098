package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.detect.stats.MetricSpec.Direction;
import io.auditoverlay.ai.detect.stats.MetricSpec.SeriesKey;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Robust z-scores of bucketed series against their own history: the same local hour of the week
 * in previous weeks (hourly series), falling back to the same local hour on previous days while
 * fewer weeks are known; the previous days for daily series. Previous days of a sales-driven series
 * are put on the judged day's weekday footing ({@link WeekdayProfile}).
 *
 * <p>A series is known from its branch's first event of the series' kind: the trail may hold much
 * older events (a user's {@code created_at} from the snapshot), which say nothing about trading
 * before the capture began, so days before it are unknown, not zero. A bucket is judged once it
 * has closed, never before {@code detectedAt}.
 */
public final class StatisticalDetector {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ROOT);
    private static final int MAX_EVIDENCE = 200;

    private final List<MetricSpec> specs;
    private final DetectionConfig.Statistical config;

    public StatisticalDetector(List<MetricSpec> specs, DetectionConfig.Statistical config) {
        this.specs = specs;
        this.config = config;
    }

    /**
     * Judges every bucket that closes inside (from, to]. {@code history} must hold the
     * baseline span before {@code from} too; buckets before {@code coverageStart} are unknown, not zero.
     */
    public List<Anomaly> detect(MemoryHistory history, ReferenceData reference, Instant from, Instant to,
            Instant coverageStart, Instant detectedAt) {
        List<Anomaly> anomalies = new ArrayList<>();
        Instant until = to.isAfter(detectedAt) ? detectedAt : to;
        Map<String, Set<String>> activeUsers = activeUsersByBranchDay(history, reference);
        WeekdayProfile profile = config.weekdayAdjustment()
                ? WeekdayProfile.ofSales(history.events(), reference, until, config.minWeekdaySamples())
                : WeekdayProfile.flat();
        for (MetricSpec spec : specs) {
            if (spec.thresholds().enabled()) {
                anomalies.addAll(new Evaluation(spec, history, reference, activeUsers, coverageStart,
                        spec.seasonal() ? profile : WeekdayProfile.flat()).judge(from, until, detectedAt));
            }
        }
        return anomalies;
    }

    /** The span of history a window needs for its baselines. */
    public java.time.Duration lookback() {
        return java.time.Duration.ofDays(Math.max(7L * config.baselineWeeks(), config.baselineDays()) + 2);
    }

    /** branch|local day start → the users who did anything there that day. */
    private Map<String, Set<String>> activeUsersByBranchDay(MemoryHistory history, ReferenceData reference) {
        Map<String, Set<String>> active = new HashMap<>();
        for (BusinessEvent e : history.events()) {
            if (e.actorUserId() != null) {
                ZoneId zone = reference.branch(e.branchId()).zone();
                active.computeIfAbsent(e.branchId() + "|" + bucketStart(e.occurredAt(), zone, 24).toInstant(), k -> new HashSet<>())
                        .add(e.actorUserId());
            }
        }
        return active;
    }

    static ZonedDateTime bucketStart(Instant at, ZoneId zone, int hours) {
        ZonedDateTime local = at.atZone(zone);
        if (hours >= 24) {
            return local.truncatedTo(ChronoUnit.DAYS);
        }
        // withHour, not midnight plus hours: on a daylight-saving day those differ by an hour.
        return local.truncatedTo(ChronoUnit.HOURS).withHour(local.getHour() / hours * hours);
    }

    static ZonedDateTime next(ZonedDateTime bucket, int hours) {
        return hours >= 24 ? bucket.plusDays(1) : bucket.plusHours(hours);
    }

    /** One spec over one history: the bucketed series, then the judgement of the focus buckets. */
    private final class Evaluation {

        private final MetricSpec spec;
        private final ReferenceData reference;
        private final Map<String, Set<String>> activeUsers;
        private final Instant coverageStart;
        private final WeekdayProfile profile;
        private final Map<SeriesKey, Map<Instant, Bucket>> series = new HashMap<>();
        /** branch → its first event of this series' kind: the start of what the trail knows. */
        private final Map<String, Instant> firstSeen = new HashMap<>();
        private final int hours;

        Evaluation(MetricSpec spec, MemoryHistory history, ReferenceData reference, Map<String, Set<String>> activeUsers,
                Instant coverageStart, WeekdayProfile profile) {
            this.spec = spec;
            this.reference = reference;
            this.activeUsers = activeUsers;
            this.coverageStart = coverageStart;
            this.profile = profile;
            this.hours = Math.max(1, Math.min(24, spec.thresholds().bucketHours()));
            for (BusinessEvent e : history.events()) {
                if (!spec.filter().test(e)) {
                    continue;
                }
                firstSeen.putIfAbsent(e.branchId(), e.occurredAt()); // events are in time order
                for (MetricSpec.Contribution c : spec.contributions().apply(e)) {
                    Instant start = bucketStart(e.occurredAt(), zone(c.key()), hours).toInstant();
                    Bucket bucket = series.computeIfAbsent(c.key(), k -> new HashMap<>()).computeIfAbsent(start, s -> new Bucket());
                    bucket.value += c.value();
                    bucket.squares += c.value() * c.value();
                    bucket.cubes += c.value() * c.value() * c.value();
                    bucket.events.add(e);
                }
            }
        }

        List<Anomaly> judge(Instant from, Instant to, Instant detectedAt) {
            List<Anomaly> anomalies = new ArrayList<>();
            for (Map.Entry<SeriesKey, Map<Instant, Bucket>> entry : series.entrySet()) {
                SeriesKey key = entry.getKey();
                ZoneId zone = zone(key);
                // Buckets that close inside (from, to]: consecutive windows judge each bucket once,
                // whatever their alignment to the branch's local days.
                ZonedDateTime bucket = bucketStart(from, zone, hours);
                if (!next(bucket, hours).toInstant().isAfter(from)) {
                    bucket = next(bucket, hours);
                }
                for (; !next(bucket, hours).toInstant().isAfter(to); bucket = next(bucket, hours)) {
                    if (bucket.toInstant().isBefore(coverage(key))) {
                        continue; // partly before the trail knows this branch: unknown, not low
                    }
                    Bucket observed = entry.getValue().getOrDefault(bucket.toInstant(), Bucket.EMPTY);
                    if (spec.direction() == Direction.HIGH && observed.events.isEmpty()) {
                        continue;
                    }
                    judgeBucket(key, bucket, observed, entry.getValue(), detectedAt).ifPresent(anomalies::add);
                }
            }
            return anomalies;
        }

        private Optional<Anomaly> judgeBucket(SeriesKey key, ZonedDateTime bucket, Bucket observed,
                Map<Instant, Bucket> buckets, Instant detectedAt) {
            Baseline baseline = baseline(key, bucket, buckets);
            if (baseline.values.length < Math.min(config.minSamples(), config.minWeeklySamples())
                    || (baseline.values.length < config.minSamples() && !baseline.weekly())) {
                return Optional.empty();
            }
            DetectionConfig.Metric t = spec.thresholds();
            double median = RobustStats.median(baseline.values);
            double z = RobustStats.zScore(observed.value, median, RobustStats.mad(baseline.values), t.absoluteFloor(),
                    t.relativeFloor(), RobustStats.compoundPoissonSigma(baseline.squares));
            double cut = spec.money() ? RobustStats.skewCorrectedThreshold(t.threshold(), baseline.squares, baseline.cubes)
                    : t.threshold();
            boolean fires = spec.direction() == Direction.HIGH
                    ? z >= cut && observed.value - median >= t.minDelta()
                    : z <= -t.threshold() && median - observed.value >= t.minDelta() && median >= t.minMedian();
            if (!fires) {
                return Optional.empty();
            }
            ZonedDateTime end = next(bucket, hours);
            return Optional.of(AnomalyBuilder.of(spec.detector())
                    .severity(Math.abs(z) >= 2 * t.threshold() ? Severity.HIGH : Severity.MEDIUM)
                    .score(z)
                    .subject(key.branchId(), spec.subjectType(), key.subjectId())
                    .window(bucket.toInstant(), end.toInstant())
                    .evidence(observed.events.stream().limit(MAX_EVIDENCE).toList())
                    .explanation("%s recorded %s %s %s (%s); the usual is %s (median of %d %s), robust z = %s."
                            .formatted(describe(key), number(observed.value), spec.what(), when(bucket, end),
                                    bucket.getZone(), number(median), baseline.values.length,
                                    baseline.description, String.format(Locale.ROOT, "%.1f", z)))
                    .build(detectedAt, key.branchId(), key.subjectId(), key.label(), bucket.toInstant().toString()));
        }

        private Baseline baseline(SeriesKey key, ZonedDateTime bucket, Map<Instant, Bucket> buckets) {
            if (hours < 24) {
                Baseline weekly = samples(key, bucket, buckets, config.baselineWeeks(), 7, "same hours of previous weeks");
                if (weekly.values.length >= config.minWeeklySamples()) {
                    return weekly;
                }
            }
            String days = hours < 24 ? "same hours of previous days" : "previous days";
            Baseline daily = samples(key, bucket, buckets, config.baselineDays(), 1,
                    profile.isFlat() ? days : days + ", scaled to the weekday");
            if (spec.baselineOnActiveBucketsOnly() && daily.values.length < config.minSamples()) {
                // A user new to the trail (or to the captured history) is compared with the
                // colleagues who worked in the same branch that day.
                List<Bucket> peers = activeOn(key, bucket).stream().filter(u -> !u.equals(key.subjectId()))
                        .map(u -> series.getOrDefault(new SeriesKey(key.branchId(), u, key.label()), Map.of())
                                .getOrDefault(bucket.toInstant(), Bucket.EMPTY))
                        .toList();
                return new Baseline(peers.stream().mapToDouble(b -> b.value).toArray(),
                        peers.stream().mapToDouble(b -> b.squares).toArray(), peers.stream().mapToDouble(b -> b.cubes).toArray(),
                        "colleagues in the branch that day");
            }
            return daily;
        }

        private Set<String> activeOn(SeriesKey key, ZonedDateTime at) {
            return activeUsers.getOrDefault(key.branchId() + "|" + bucketStart(at.toInstant(), at.getZone(), 24).toInstant(), Set.of());
        }

        private Baseline samples(SeriesKey key, ZonedDateTime bucket, Map<Instant, Bucket> buckets, int count, int stepDays,
                String description) {
            List<Double> values = new ArrayList<>();
            List<Double> squares = new ArrayList<>();
            List<Double> cubes = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                ZonedDateTime sample = bucket.minusDays((long) k * stepDays);
                if (sample.toInstant().isBefore(coverage(key))) {
                    break;
                }
                if (spec.baselineOnActiveBucketsOnly()
                        && !activeOn(key, sample).contains(key.subjectId())) {
                    continue;
                }
                Bucket sampled = buckets.getOrDefault(sample.toInstant(), Bucket.EMPTY);
                // A busier weekday brings more events of the same kind: both sums scale alike.
                double value = profile.adjust(sampled.value, sample.getDayOfWeek(), bucket.getDayOfWeek());
                if (!Double.isNaN(value)) {
                    values.add(value);
                    squares.add(profile.adjust(sampled.squares, sample.getDayOfWeek(), bucket.getDayOfWeek()));
                    cubes.add(profile.adjust(sampled.cubes, sample.getDayOfWeek(), bucket.getDayOfWeek()));
                }
            }
            return new Baseline(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    squares.stream().mapToDouble(Double::doubleValue).toArray(),
                    cubes.stream().mapToDouble(Double::doubleValue).toArray(), description);
        }

        private Instant coverage(SeriesKey key) {
            Instant first = firstSeen.get(key.branchId());
            return first == null || first.isBefore(coverageStart) ? coverageStart : first;
        }

        private String when(ZonedDateTime bucket, ZonedDateTime end) {
            return hours >= 24 ? "on " + bucket.format(DAY)
                    : "from %s to %s local time".formatted(bucket.format(LOCAL), end.toLocalTime());
        }

        private ZoneId zone(SeriesKey key) {
            return reference.branch(key.branchId()).zone();
        }

        private String describe(SeriesKey key) {
            String subject = "branch".equals(spec.subjectType()) ? "Branch " + key.branchId()
                    : "%s %s at branch %s".formatted(cap(spec.subjectType()), key.subjectId(), key.branchId());
            return key.label().isEmpty() ? subject : subject + " (" + key.label() + ")";
        }
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Baseline samples: each bucket's value and its sums of squared and cubed contributions (noise and skew). */
    private record Baseline(double[] values, double[] squares, double[] cubes, String description) {
        boolean weekly() {
            return description.contains("weeks");
        }
    }

    private static final class Bucket {
        static final Bucket EMPTY = new Bucket();
        double value;
        double squares;
        double cubes;
        final List<BusinessEvent> events = new ArrayList<>();
    }
}
