package io.auditoverlay.ai.detect.stats;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How busy each local weekday is relative to a branch's usual day, estimated across the whole
 * chain: for every branch and complete local day, sales ÷ the branch's median day; per weekday,
 * the median of those ratios. Shops are quiet on Sundays and busy on Fridays in every branch, so
 * twenty branches × two weeks give each weekday forty ratios, where one branch's own same-weekday
 * history would give two. A day-level baseline from the previous days is then put on the target
 * day's footing: sample × factor(target weekday) ÷ factor(sample weekday).
 *
 * <p>Medians keep a planted spike or drop (one branch-day) from moving the profile. Until every
 * weekday has {@code minRatios} ratios the profile is flat (all 1), i.e. no adjustment.
 */
public final class WeekdayProfile {

    private static final WeekdayProfile FLAT = new WeekdayProfile(new EnumMap<>(DayOfWeek.class));

    private final Map<DayOfWeek, Double> factors;

    private WeekdayProfile(Map<DayOfWeek, Double> factors) {
        this.factors = factors;
    }

    public static WeekdayProfile flat() {
        return FLAT;
    }

    /**
     * The profile of daily sales counts: for each branch, its zone, the start of its series
     * ({@code firstSale}) and its counts per local day start; over the local days of each branch
     * that lie wholly inside [its first sale, {@code until}).
     */
    public static WeekdayProfile ofDailySales(Map<String, ZoneId> zones, Map<String, Instant> firstSale,
            Map<String, Map<Instant, Double>> perDay, Instant until, int minRatios) {
        Map<DayOfWeek, List<Double>> ratios = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<String, Instant> branch : firstSale.entrySet()) {
            ZoneId zone = zones.get(branch.getKey());
            Map<Instant, Double> counts = perDay.getOrDefault(branch.getKey(), Map.of());
            // Whole days only: the first one starts after the first sale, the last one ends by `until`.
            List<ZonedDateTime> days = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (ZonedDateTime day = StatisticalDetector.bucketStart(branch.getValue(), zone, 24).plusDays(1);
                    !day.plusDays(1).toInstant().isAfter(until); day = day.plusDays(1)) {
                days.add(day);
                values.add(counts.getOrDefault(day.toInstant(), 0.0));
            }
            double level = RobustStats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
            if (!(level >= 1)) {
                continue;
            }
            for (int i = 0; i < days.size(); i++) {
                ratios.computeIfAbsent(days.get(i).getDayOfWeek(), d -> new ArrayList<>()).add(values.get(i) / level);
            }
        }
        Map<DayOfWeek, Double> factors = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Double> r = ratios.getOrDefault(day, List.of());
            if (r.size() < minRatios) {
                return FLAT;
            }
            factors.put(day, RobustStats.median(r.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return new WeekdayProfile(factors);
    }

    /** The weekday's busyness relative to a usual day (1 when unknown). */
    public double factor(DayOfWeek day) {
        return factors.getOrDefault(day, 1.0);
    }

    /**
     * What a sample taken on {@code sampleDay} says about {@code targetDay}; NaN when the chain does
     * not trade on {@code sampleDay}, whose sample then says nothing about the level.
     */
    public double adjust(double sample, DayOfWeek sampleDay, DayOfWeek targetDay) {
        double from = factor(sampleDay);
        return from <= 0.05 ? Double.NaN : sample * factor(targetDay) / from;
    }

    public boolean isFlat() {
        return factors.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        factors.forEach((d, f) -> s.append(s.isEmpty() ? "" : " ").append(d.toString(), 0, 3).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", f)));
        return s.isEmpty() ? "flat" : s.toString();
    }
}
