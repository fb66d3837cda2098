package io.auditoverlay.simulator.activity;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.action.IdAllocator;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.anomaly.AnomalyPlan;
import io.auditoverlay.simulator.anomaly.AnomalySettings;
import io.auditoverlay.simulator.catalog.Roles;
import io.auditoverlay.simulator.state.Branch;
import io.auditoverlay.simulator.state.ChainState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The chain's activity over a past window, one local day at a time. For each day every branch
 * gets its sales (the chain's total spread by branch size, day of week and hour of day), its
 * prescriptions and back-office work, and whatever earlier days scheduled for it (voids, returns,
 * incoming transfers, injected anomalies). Each day's actions get their ids in business-time
 * order and go to the sink together.
 */
public final class HistoryGenerator {

    private final Instant from;
    private final Instant until;
    private final long totalSales;
    private final ActivityContext ctx;
    private final ActionFactory factory;
    private final IdAllocator ids;
    private final Map<Integer, BranchActivity> branches = new LinkedHashMap<>();
    private final Map<Integer, Map<LocalDate, Double>> expected = new LinkedHashMap<>();
    private final SplittableRandom chainRng;
    private final AnomalyPlan anomalies;

    public HistoryGenerator(ChainState state, long seed, int days, double salesPerDay, Instant until,
                            AnomalySettings settings) {
        if (days <= 0 || salesPerDay <= 0) {
            throw new IllegalArgumentException("days and sales per day must be positive");
        }
        this.until = until;
        this.from = until.minus(Duration.ofDays(days));
        this.totalSales = Math.round(days * salesPerDay);
        this.ctx = new ActivityContext(new Assortment(state, seed), state.customerIds);
        this.factory = new ActionFactory(ctx);
        this.ids = new IdAllocator(state.maxIds);
        this.chainRng = new SplittableRandom(seed ^ 0xC4A1BL);
        double sizes = state.branches.stream().mapToDouble(Branch::size).sum();
        for (Branch b : state.branches) {
            BranchActivity activity = new BranchActivity(b, seed, state.users, state.stock.get(b.id()));
            activity.salesPerDay(salesPerDay * b.size() / sizes);
            branches.put(b.id(), activity);
        }
        double weightSum = 0;
        for (Branch b : state.branches) {
            Map<LocalDate, Double> perDay = new LinkedHashMap<>();
            for (LocalDate d : dates()) {
                double w = b.size() * Seasonality.dayFactor(d)
                        * Seasonality.tradingDay(b, d, from, until).insideShare();
                perDay.put(d, w);
                weightSum += w;
            }
            expected.put(b.id(), perDay);
        }
        for (Map<LocalDate, Double> perDay : expected.values()) {
            for (Map.Entry<LocalDate, Double> e : perDay.entrySet()) {
                e.setValue(totalSales * e.getValue() / weightSum);
            }
        }
        this.anomalies = new AnomalyPlan(ctx, factory, settings, seed, from, until, days, branches, this::dates);
    }

    public Instant from() {
        return from;
    }

    public Instant until() {
        return until;
    }

    /** Transactions the run will write, roughly: for progress and ETA only. */
    public long estimatedTransactions() {
        return Math.round(totalSales * (1 + ActivityContext.PRESCRIPTION_RATE + ActionFactory.VOID_RATE
                + ActionFactory.REFUND_RATE) + expected.size() * Duration.between(from, until).toDays() * 3.0);
    }

    /** Generates the whole window, handing each day's actions (ids assigned) to {@code sink}. */
    public void run(Consumer<List<PosAction>> sink) {
        for (LocalDate date : dates()) {
            List<PosAction> day = new ArrayList<>();
            priceChanges(date, day);
            for (BranchActivity b : branches.values()) {
                plan(b, date);
                Instant end = b.branch().opening(date.plusDays(1));
                end = end.isAfter(until) ? until : end;
                int sales = 0;
                for (Slot slot = b.next(end); slot != null; slot = b.next(end)) {
                    if (slot.at().isBefore(from)) {
                        continue;
                    }
                    PosAction action = slot.make().apply(b);
                    if (action != null) {
                        day.add(action);
                        sales += action instanceof Sale ? 1 : 0;
                    }
                }
                anomalies.dayDone(b.id(), date, expected.get(b.id()).get(date), sales);
            }
            day.sort(Comparator.comparing(PosAction::at));
            for (PosAction action : day) {
                action.assignIds(ids);
            }
            if (!day.isEmpty()) {
                sink.accept(day);
            }
        }
    }

    /** The labels of the anomalies injected, once {@link #run} is done. */
    public List<AnomalyLabel> labels() {
        return anomalies.labels();
    }

    private void plan(BranchActivity b, LocalDate date) {
        Seasonality.TradingDay day = Seasonality.tradingDay(b.branch(), date, from, until);
        if (day.empty()) {
            return;
        }
        SplittableRandom rng = b.rng();
        double share = day.insideShare();
        double size = b.branch().size();
        double mean = expected.get(b.id()).get(date) * anomalies.volumeFactor(b.id(), date);
        int sales = (int) Math.max(0, Math.round(mean * (1 + 0.03 * Randoms.gaussian(rng))));
        Instant delivery = day.opening().plus(Duration.ofMinutes(20));
        if (!delivery.isBefore(from) && delivery.isBefore(until)) {
            b.schedule(new Slot(delivery, ctx.nextSeq(), x -> factory.delivery(x, delivery)));
        }
        for (int i = 0; i < sales; i++) {
            Instant at = day.sample(rng);
            long cashier = Randoms.chance(rng, 0.9) ? b.anyOf(Roles.CASHIER) : b.anyOf(Roles.PHARMACIST);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.sale(x, at, cashier)));
        }
        for (int i = Randoms.poisson(rng, mean * ActivityContext.PRESCRIPTION_RATE); i > 0; i--) {
            Instant at = day.sample(rng);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.dispense(x, at)));
        }
        backOffice(b, day, rng, "DAMAGE", 0.4 * size * share);
        backOffice(b, day, rng, "EXPIRED", (date.getDayOfWeek().getValue() == 1 ? 2.0 : 0.1) * size * share);
        backOffice(b, day, rng, "THEFT", 0.08 * size * share);
        for (int i = Randoms.poisson(rng, 0.6 * size * share); i > 0; i--) {
            Instant at = day.sample(rng);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.countCorrection(x, at)));
        }
        for (int i = Randoms.poisson(rng, 0.25 * size * share); i > 0 && branches.size() > 1; i--) {
            Instant at = day.sample(rng);
            List<BranchActivity> others = branches.values().stream().filter(o -> o != b).toList();
            BranchActivity to = Randoms.pick(rng, others);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.transferOut(x, to, at)));
        }
        if (Randoms.chance(rng, 0.004 * share)) {
            Instant at = day.sample(rng);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.promotion(x, at)));
        }
        anomalies.schedule(b, date, day);
    }

    private void backOffice(BranchActivity b, Seasonality.TradingDay day, SplittableRandom rng, String reason,
                            double mean) {
        for (int i = Randoms.poisson(rng, mean); i > 0; i--) {
            Instant at = day.sample(rng);
            b.schedule(new Slot(at, ctx.nextSeq(), x -> factory.writeOff(x, at, reason)));
        }
    }

    /** Head office reprices a few products a day, during its own office hours. */
    private void priceChanges(LocalDate date, List<PosAction> day) {
        Instant start = date.atTime(14, 0).toInstant(ZoneOffset.UTC);
        for (int i = Randoms.poisson(chainRng, 3); i > 0; i--) {
            Instant at = start.plusMillis(chainRng.nextLong(8 * 3_600_000L));
            if (!at.isBefore(from) && at.isBefore(until)) {
                PosAction change = factory.priceChange(chainRng, at);
                if (change != null) {
                    day.add(change);
                }
            }
        }
    }

    /** Local dates whose trading days may touch the window (the zones are all west of UTC+14). */
    List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate last = until.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        for (LocalDate d = from.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }
}
