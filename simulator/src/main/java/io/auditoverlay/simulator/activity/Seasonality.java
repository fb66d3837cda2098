package io.auditoverlay.simulator.activity;

import io.auditoverlay.simulator.state.Branch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When people shop: a day-of-week factor (Friday busiest, Sunday quiet) and an hour-of-day profile
 * in the branch's local time (a lunch peak and an after-work peak).
 */
public final class Seasonality {

    private static final double[] DAY = {1.00, 0.97, 0.98, 1.03, 1.14, 1.06, 0.78}; // Monday first
    private static final double[] HOUR = {0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.45, 0.6, 0.8, 0.9, 1.0, 1.15, 1.4,
        1.3, 1.0, 0.95, 1.05, 1.35, 1.35, 1.0, 0.7, 0.5, 0.35, 0.25};

    private static final Duration LAST_CALL = Duration.ofMinutes(3);

    private Seasonality() {
    }

    public static double dayFactor(LocalDate date) {
        return DAY[date.getDayOfWeek().getValue() - 1];
    }

    /** The weighted pieces of a branch's trading day that lie inside [from, until). */
    public static TradingDay tradingDay(Branch branch, LocalDate date, Instant from, Instant until) {
        List<Instant> starts = new ArrayList<>();
        List<Instant> ends = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        double inside = 0;
        Instant open = branch.opening(date);
        // The last basket starts a few minutes before closing, so that it is also paid before closing.
        Instant close = branch.closing(date).minus(LAST_CALL);
        ZonedDateTime hour = open.atZone(branch.zone());
        while (hour.toInstant().isBefore(close)) {
            ZonedDateTime next = hour.plusHours(1).withMinute(0).withSecond(0).withNano(0);
            Instant a = hour.toInstant();
            Instant b = next.toInstant().isAfter(close) ? close : next.toInstant();
            double w = HOUR[hour.getHour()] * (b.toEpochMilli() - a.toEpochMilli()) / 3_600_000.0;
            total += w;
            Instant ca = a.isBefore(from) ? from : a;
            Instant cb = b.isAfter(until) ? until : b;
            if (ca.isBefore(cb)) {
                double part = w * (cb.toEpochMilli() - ca.toEpochMilli()) / (double) (b.toEpochMilli() - a.toEpochMilli());
                inside += part;
                starts.add(ca);
                ends.add(cb);
                weights.add(part);
            }
            hour = next;
        }
        double[] cumulative = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        return new TradingDay(branch, date, open, branch.closing(date), starts, ends, cumulative, total == 0 ? 0 : inside / total);
    }

    /**
     * A branch's local trading day clipped to the simulated window.
     *
     * @param insideShare the share of the day's expected custom that falls inside the window
     */
    public record TradingDay(Branch branch, LocalDate date, Instant opening, Instant closing, List<Instant> starts,
                             List<Instant> ends, double[] cumulative, double insideShare) {

        /** A random time of custom, following the hour profile, inside the window. */
        public Instant sample(SplittableRandom rng) {
            int i = Randoms.weighted(rng, cumulative);
            return Randoms.between(rng, starts.get(i), ends.get(i));
        }

        /** Whether the whole trading day lies inside the window. */
        public boolean complete() {
            return insideShare > 0.999;
        }

        public boolean empty() {
            return cumulative.length == 0;
        }
    }
}
