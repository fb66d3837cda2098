package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.rollup.Cell;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * What a window of a series is compared with: the same window in previous weeks (sub-daily buckets,
 * once enough weeks are known), else the same window on previous days, scaled to the judged
 * weekday for sales-driven series; for a user new to the trail, the colleagues who worked in the
 * branch that day.
 */
final class Baselines {

    /** Samples: each window's value and its sums of squared and cubed contributions (noise and skew). */
    record Baseline(double[] values, double[] squares, double[] cubes, String description) {
        boolean weekly() {
            return description.contains("weeks");
        }
    }

    private final MetricSpec spec;
    private final DetectionConfig.Statistical config;
    private final ZoneId zone;
    private final Map<SeriesKey, NavigableMap<Instant, Cell>> series;
    private final Map<Instant, Set<String>> activeUsers;
    private final Instant coverage;
    private final WeekdayProfile profile;
    private final int hours;

    Baselines(MetricSpec spec, DetectionConfig.Statistical config, ZoneId zone, Map<SeriesKey, NavigableMap<Instant, Cell>> series,
            Map<Instant, Set<String>> activeUsers, Instant coverage, WeekdayProfile profile) {
        this.spec = spec;
        this.config = config;
        this.zone = zone;
        this.series = series;
        this.activeUsers = activeUsers;
        this.coverage = coverage;
        this.profile = profile;
        this.hours = spec.bucketHours();
    }

    int minSamples() {
        return config.minSamples();
    }

    int minWeeklySamples() {
        return config.minWeeklySamples();
    }

    /** The baseline of the window of {@code width} buckets starting at {@code start}. */
    Baseline of(SeriesKey key, ZonedDateTime start, int width) {
        if (hours < 24) {
            Baseline weekly = samples(key, start, width, config.baselineWeeks(), 7, "same hours of previous weeks");
            if (weekly.values().length >= config.minWeeklySamples()) {
                return weekly;
            }
        }
        String days = hours < 24 ? "same hours of previous days" : "previous days";
        Baseline daily = samples(key, start, width, config.baselineDays(), 1,
                profile.isFlat() ? days : days + ", scaled to the weekday");
        if (spec.baselineOnActiveBucketsOnly() && daily.values().length < config.minSamples()) {
            return peers(key, start, width);
        }
        return daily;
    }

    /** A user new to the trail (or to the captured history) against colleagues in the same branch that day. */
    private Baseline peers(SeriesKey key, ZonedDateTime start, int width) {
        List<Cell> peers = new ArrayList<>();
        for (String user : activeOn(start)) {
            if (!user.equals(key.subjectId())) {
                NavigableMap<Instant, Cell> cells = series.get(new SeriesKey(key.branchId(), user, key.label()));
                peers.add(cells == null ? Cell.EMPTY : sum(cells, start, width, hours));
            }
        }
        return new Baseline(peers.stream().mapToDouble(Cell::value).toArray(), peers.stream().mapToDouble(Cell::squares).toArray(),
                peers.stream().mapToDouble(Cell::cubes).toArray(), "colleagues in the branch that day");
    }

    private Baseline samples(SeriesKey key, ZonedDateTime start, int width, int count, int stepDays, String description) {
        NavigableMap<Instant, Cell> cells = series.get(key);
        List<double[]> taken = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            ZonedDateTime sample = start.minusDays((long) k * stepDays);
            if (sample.toInstant().isBefore(coverage)) {
                break;
            }
            if (spec.baselineOnActiveBucketsOnly() && !activeOn(sample).contains(key.subjectId())) {
                continue;
            }
            Cell sampled = sum(cells, sample, width, hours);
            // A busier weekday brings more events of the same kind: all sums scale alike.
            double value = profile.adjust(sampled.value(), sample.getDayOfWeek(), start.getDayOfWeek());
            if (!Double.isNaN(value)) {
                taken.add(new double[] {value, profile.adjust(sampled.squares(), sample.getDayOfWeek(), start.getDayOfWeek()),
                    profile.adjust(sampled.cubes(), sample.getDayOfWeek(), start.getDayOfWeek())});
            }
        }
        return new Baseline(taken.stream().mapToDouble(s -> s[0]).toArray(), taken.stream().mapToDouble(s -> s[1]).toArray(),
                taken.stream().mapToDouble(s -> s[2]).toArray(), description);
    }

    private Set<String> activeOn(ZonedDateTime at) {
        return activeUsers.getOrDefault(StatisticalDetector.bucketOf(at.toInstant(), zone, 24), Set.of());
    }

    /** The sums of {@code width} consecutive buckets of {@code hours} from {@code start}. */
    static Cell sum(NavigableMap<Instant, Cell> cells, ZonedDateTime start, int width, int hours) {
        if (cells == null) {
            return Cell.EMPTY;
        }
        if (width == 1) {
            return cells.getOrDefault(start.toInstant(), Cell.EMPTY);
        }
        Cell total = new Cell();
        ZonedDateTime bucket = start;
        for (int i = 0; i < width; i++, bucket = StatisticalDetector.next(bucket, hours)) {
            Cell c = cells.get(bucket.toInstant());
            if (c != null) {
                total.merge(c);
            }
        }
        return total;
    }
}
