package io.auditoverlay.simulator.anomaly;

import io.auditoverlay.model.label.AnomalyClasses;
import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.activity.ActionFactory;
import io.auditoverlay.simulator.activity.ActivityContext;
import io.auditoverlay.simulator.activity.BranchActivity;
import io.auditoverlay.simulator.activity.Randoms;
import io.auditoverlay.simulator.activity.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Anomalies in live mode: one every {@code 60 / rate} minutes, the classes in turn so that a demo
 * sees each of them, each over a ten-minute window that starts when it is injected. Volume
 * anomalies scale a branch's share of the traffic for their window. After-hours anomalies need a
 * branch that is closed at that moment; when none is, that turn passes to the next class.
 */
public final class LiveAnomalies {

    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final AnomalySettings settings;
    private final Injector injector;
    private final SplittableRandom rng;
    private final double tps;
    private final double sizes;
    private final Duration every;
    private final List<Running> running = new ArrayList<>();
    private Instant next;
    private int turn;
    private int count;

    private static final class Running {
        final Incident incident;
        final Instant end;
        final double factor;
        int sales;

        Running(Incident incident, Instant end, double factor) {
            this.incident = incident;
            this.end = end;
            this.factor = factor;
        }
    }

    public LiveAnomalies(ActivityContext ctx, ActionFactory factory, AnomalySettings settings, long seed, Instant start,
                         double tps, double sizes) {
        this.settings = settings;
        this.injector = new Injector(ctx, factory, settings);
        this.rng = new SplittableRandom(seed ^ 0x1A40A1L);
        this.tps = tps;
        this.sizes = sizes;
        this.every = settings.ratePerWeek() > 0
                ? Duration.ofMillis(Math.max(1000, (long) (3_600_000 / settings.ratePerWeek()))) : null;
        // A minute of ordinary trading first (or one interval, when they come faster than that).
        this.next = every == null ? null : start.plus(every.compareTo(Duration.ofMinutes(1)) < 0 ? every : Duration.ofMinutes(1));
    }

    /** Starts the next anomaly when its time has come. */
    public void start(Instant now, List<BranchActivity> open, List<BranchActivity> closed) {
        if (!settings.enabled() || next == null || now.isBefore(next)) {
            return;
        }
        next = next.plus(every);
        for (int attempt = 0; attempt < AnomalyClasses.ALL.size(); attempt++) {
            String cls = AnomalyClasses.ALL.get(turn++ % AnomalyClasses.ALL.size());
            List<BranchActivity> pool = cls.equals(AnomalyClasses.AFTER_HOURS) ? closed : open;
            if (pool.isEmpty()) {
                continue;
            }
            BranchActivity b = Randoms.pick(rng, pool);
            Instant end = now.plus(WINDOW);
            Incident incident = new Incident(cls + "-" + (++count), cls, b.id());
            if (cls.equals(AnomalyClasses.VOLUME_SPIKE) || cls.equals(AnomalyClasses.VOLUME_DROP)) {
                double factor = cls.equals(AnomalyClasses.VOLUME_SPIKE) ? 1 + 2 * settings.magnitude()
                        : Math.max(0.05, 1 - 0.8 * settings.magnitude());
                double usual = tps * WINDOW.toSeconds() * 0.935 * b.branch().size() / sizes;
                incident.window(now, end).detail("factor", factor).detail("usualSales", Math.round(usual));
                running.add(new Running(incident, end, factor));
            } else {
                for (Slot slot : injector.plan(incident, b, now, end, rng)) {
                    b.schedule(slot);
                }
                running.add(new Running(incident, end, 1.0));
            }
            return;
        }
    }

    /** How much a branch's share of the traffic is scaled at this moment. */
    public double volumeFactor(int branchId, Instant at) {
        double factor = 1.0;
        for (Running r : running) {
            if (r.factor != 1.0 && r.incident.branchId() == branchId && at.isBefore(r.end)) {
                factor *= r.factor;
            }
        }
        return factor;
    }

    public void countSale(int branchId, Instant at) {
        for (Running r : running) {
            if (r.factor != 1.0 && r.incident.branchId() == branchId && at.isBefore(r.end)) {
                r.sales++;
            }
        }
    }

    public List<AnomalyLabel> finished(Instant now) {
        List<AnomalyLabel> labels = new ArrayList<>();
        for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
            Running r = it.next();
            if (now.isAfter(r.end.plus(MARGIN))) {
                it.remove();
                label(r).ifPresent(labels::add);
            }
        }
        return labels;
    }

    /** Labels of the anomalies still running at shutdown, marked incomplete: their rows so far. */
    public List<AnomalyLabel> remaining() {
        List<AnomalyLabel> labels = new ArrayList<>();
        for (Running r : running) {
            r.incident.detail("complete", false);
            label(r).ifPresent(labels::add);
        }
        running.clear();
        return labels;
    }

    private Optional<AnomalyLabel> label(Running r) {
        if (r.factor != 1.0) {
            r.incident.detail("sales", r.sales);
            return Optional.of(r.incident.toLabel());
        }
        return r.incident.hasActions() ? Optional.of(r.incident.toLabel()) : Optional.empty();
    }
}
