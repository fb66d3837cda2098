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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a window of a series is compared with: the same window in previous weeks (sub-daily buckets,
 * once enough weeks are known), else the same window on previous days, scaled to the judged
 * weekday for sales-driven series; for a user new to the trail, the colleagues of the same role who
 * worked in the branch that day (a manager who approves most voids is not compared with cashiers).
 */
final class Baselines {

    /** Samples: each window's value and its sums of squared and cubed contributions (noise and skew). */
    record Baseline(double[] values, double[] squares, double[] cubes, double[] events, String description) {
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
    private final Function<String, Optional<String>> roleOf;
    /** Intraday: the hours in which any subject of the family had an event (the branch's trading hours, in effect). */
    private final NavigableSet<Instant> tradingHours = new TreeSet<>();
    private SeriesKey pooledKey;
    private Instant pooledDay;
    private Pooled pooledPerHour;

    Baselines(MetricSpec spec, DetectionConfig.Statistical config, ZoneId zone, Map<SeriesKey, NavigableMap<Instant, Cell>> series,
            Map<Instant, Set<String>> activeUsers, Instant coverage, WeekdayProfile profile, Function<String, Optional<String>> roleOf) {
        this.spec = spec;
        this.config = config;
        this.zone = zone;
        this.series = series;
        this.activeUsers = activeUsers;
        this.coverage = coverage;
        this.profile = profile;
        this.hours = spec.bucketHours();
        this.roleOf = roleOf;
        if (spec.intraday()) {
            series.values().forEach(cells -> tradingHours.addAll(cells.keySet()));
        }
    }

    /**
     * Intraday: this series' usual rate over its previous {@code baselineDays} days, pooled over the
     * branch's trading hours and scaled to a window of {@code width} hours: events, Σv², Σv³. Six
     * samples of a rare event's hour are mostly zeros, and their own spread says nothing; a cashier
     * who gives a discount every few hours is not bursting when one comes.
     */
    Pooled pooled(SeriesKey key, ZonedDateTime start, int width) {
        Instant day = StatisticalDetector.bucketOf(start.toInstant(), zone, 24);
        if (!key.equals(pooledKey) || !day.equals(pooledDay)) {
            Instant from = start.minusDays(config.baselineDays()).toInstant();
            Instant lower = from.isBefore(coverage) ? coverage : from;
            NavigableMap<Instant, Cell> cells = series.get(key);
            Cell total = new Cell();
            if (!lower.isBefore(day)) {
                lower = day; // nothing known before the judged day
            }
            if (cells != null) {
                cells.subMap(lower, true, day, false).values().forEach(total::merge);
            }
            int traded = tradingHours.subSet(lower, true, day, false).size();
            pooledKey = key;
            pooledDay = day;
            pooledPerHour = traded == 0 ? new Pooled(0, 0, 0)
                    : new Pooled((double) total.events() / traded, total.squares() / traded, total.cubes() / traded);
        }
        return new Pooled(width * pooledPerHour.events(), width * pooledPerHour.squares(), width * pooledPerHour.cubes());
    }

    /** A series' usual events, Σv² and Σv³ over a window. */
    record Pooled(double events, double squares, double cubes) {
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

    /**
     * A user new to the trail (or to the captured history) against colleagues in the same branch that
     * day who hold the same role; every colleague when the trail does not hold the user's role.
     */
    private Baseline peers(SeriesKey key, ZonedDateTime start, int width) {
        List<Cell> peers = new ArrayList<>();
        Optional<String> role = roleOf.apply(key.subjectId());
        for (String user : activeOn(start)) {
            if (!user.equals(key.subjectId()) && (role.isEmpty() || role.equals(roleOf.apply(user)))) {
                NavigableMap<Instant, Cell> cells = series.get(new SeriesKey(key.branchId(), user, key.label()));
                peers.add(cells == null ? Cell.EMPTY : sum(cells, start, width, hours));
            }
        }
        return new Baseline(peers.stream().mapToDouble(Cell::value).toArray(), peers.stream().mapToDouble(Cell::squares).toArray(),
                peers.stream().mapToDouble(Cell::cubes).toArray(), peers.stream().mapToDouble(Cell::events).toArray(),
                role.isPresent() ? "colleagues of the same role in the branch that day" : "colleagues in the branch that day");
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
                    profile.adjust(sampled.cubes(), sample.getDayOfWeek(), start.getDayOfWeek()),
                    profile.adjust(sampled.events(), sample.getDayOfWeek(), start.getDayOfWeek())});
            }
        }
        return new Baseline(taken.stream().mapToDouble(s -> s[0]).toArray(), taken.stream().mapToDouble(s -> s[1]).toArray(),
                taken.stream().mapToDouble(s -> s[2]).toArray(), taken.stream().mapToDouble(s -> s[3]).toArray(), description);
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
