package io.auditoverlay.ai.support;

import io.auditoverlay.ai.detect.stats.Series;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.detect.stats.SeriesSource;
import io.auditoverlay.ai.detect.stats.StatisticalDetector;
import io.auditoverlay.ai.rollup.Cell;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Rollups of a chain at the seed's volume, made up on demand and never held whole: 20 branches
 * open 08:00–20:00, 500 sales a branch a day (10,000 for the chain), 12 cashiers a branch, 500
 * products. Every cell is drawn from a generator seeded by its own coordinates, so the same cell
 * reads the same twice. Only one branch's series is in memory at a time, as in the service.
 */
public final class SyntheticRollups implements SeriesSource {

    public static final int BRANCHES = 20;
    public static final int PRODUCTS = 500;
    public static final int CASHIERS = 12;
    private static final double SALES_PER_HOUR = 500 / 12.0;

    private final Instant start;
    private final Instant end;
    private final String spikeBranch;
    private final Instant spikeHour;

    /** Trading from {@code start} to {@code end}; {@code spikeHour} at {@code spikeBranch} gets four times its sales. */
    public SyntheticRollups(Instant start, Instant end, String spikeBranch, Instant spikeHour) {
        this.start = start.truncatedTo(ChronoUnit.HOURS);
        this.end = end;
        this.spikeBranch = spikeBranch;
        this.spikeHour = spikeHour;
    }

    @Override
    public Map<String, Instant> firstSeen(Series series) {
        Map<String, Instant> first = new TreeMap<>();
        for (int b = 1; b <= BRANCHES; b++) {
            first.put(String.valueOf(b), start);
        }
        return first;
    }

    @Override
    public Map<SeriesKey, NavigableMap<Instant, Cell>> load(Series series, String branchId, ZoneId zone, int bucketHours,
            Instant from, Instant to) {
        Map<SeriesKey, NavigableMap<Instant, Cell>> loaded = new HashMap<>();
        Instant first = from.isBefore(start) ? start : from;
        Instant last = to.isAfter(end) ? end : to;
        for (Instant hour = first.truncatedTo(ChronoUnit.HOURS); hour.isBefore(last); hour = hour.plus(1, ChronoUnit.HOURS)) {
            int local = ZonedDateTime.ofInstant(hour, zone).getHour();
            if (local < 8 || local >= 20) {
                continue;
            }
            Instant bucket = StatisticalDetector.bucketOf(hour, zone, bucketHours);
            double rate = SALES_PER_HOUR * (branchId.equals(spikeBranch) && hour.equals(spikeHour) ? 4 : 1);
            for (Map.Entry<String, Double> subject : subjects(series, branchId, rate).entrySet()) {
                SplittableRandom random = new SplittableRandom(((series.name().hashCode() * 31L + branchId.hashCode()) * 31L
                        + subject.getKey().hashCode()) * 0x9E3779B97F4A7C15L + hour.getEpochSecond());
                int n = poisson(random, subject.getValue());
                if (n == 0) {
                    continue;
                }
                Cell cell = loaded.computeIfAbsent(new SeriesKey(branchId, subject.getKey(), ""), k -> new TreeMap<>())
                        .computeIfAbsent(bucket, b -> new Cell());
                for (int i = 0; i < n; i++) {
                    cell.add(series == Series.SALES_VALUE || series == Series.DISCOUNTS ? 5 + random.nextDouble() * 40 : 1);
                }
            }
        }
        return loaded;
    }

    /** The subjects of a series at one branch and the hourly rate of each. */
    private static Map<String, Double> subjects(Series series, String branchId, double salesPerHour) {
        Map<String, Double> subjects = new HashMap<>();
        if ("branch".equals(series.subjectType())) {
            subjects.put(branchId, salesPerHour);
        } else if (series == Series.UNITS || series == Series.ADJUSTMENTS) {
            double share = series == Series.UNITS ? 2.5 * salesPerHour / PRODUCTS : 0.002;
            for (int p = 1; p <= PRODUCTS; p++) {
                subjects.put(String.valueOf(p), share);
            }
        } else {
            double rate = series == Series.ACTIVITY ? salesPerHour / CASHIERS
                    : series == Series.DISCOUNTS ? salesPerHour / CASHIERS / 10 : salesPerHour / CASHIERS * 0.015;
            for (int c = 0; c < CASHIERS; c++) {
                subjects.put("c" + branchId + "-" + c, rate);
            }
        }
        return subjects;
    }

    private static int poisson(SplittableRandom random, double lambda) {
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Override
    public List<BusinessEvent> evidence(Series series, SeriesKey key, Instant from, Instant to, int limit) {
        return List.of();
    }
}
