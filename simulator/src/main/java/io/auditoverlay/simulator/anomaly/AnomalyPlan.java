package io.auditoverlay.simulator.anomaly;

import io.auditoverlay.model.label.AnomalyClasses;
import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.activity.ActionFactory;
import io.auditoverlay.simulator.activity.ActivityContext;
import io.auditoverlay.simulator.activity.BranchActivity;
import io.auditoverlay.simulator.activity.Randoms;
import io.auditoverlay.simulator.activity.Seasonality;
import io.auditoverlay.simulator.activity.Slot;
import io.auditoverlay.simulator.state.Branch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Where and when the anomalies of a history run happen, decided up front from a random stream of
 * their own.
 *
 * <p>Every class gets {@code max(1, round(rate × days / 7))} incidents, each on one branch and one
 * complete local trading day inside the window. Volume anomalies scale that branch-day's sales
 * (×(1 + 2·magnitude) for a spike, ×max(0.05, 1 − 0.8·magnitude) for a drop) and are placed after
 * the first third of the window when it is a week or longer, so that a baseline precedes them.
 */
public final class AnomalyPlan {

    private final AnomalySettings settings;
    private final Injector injector;
    private final SplittableRandom rng;
    private final Instant from;
    private final Instant until;
    private final Map<String, List<Incident>> actionIncidents = new HashMap<>();
    private final Map<String, Volume> volumes = new HashMap<>();
    private final List<Incident> all = new ArrayList<>();

    private record Volume(Incident incident, double factor) {
    }

    public AnomalyPlan(ActivityContext ctx, ActionFactory factory, AnomalySettings settings, long seed, Instant from,
                       Instant until, int days, Map<Integer, BranchActivity> branches,
                       Supplier<List<LocalDate>> dates) {
        this.settings = settings;
        this.injector = new Injector(ctx, factory, settings);
        this.rng = new SplittableRandom(seed ^ 0xA40A1L);
        this.from = from;
        this.until = until;
        if (!settings.enabled()) {
            return;
        }
        List<Candidate> complete = new ArrayList<>();
        List<Candidate> mostly = new ArrayList<>();
        List<Candidate> closedNights = new ArrayList<>();
        for (BranchActivity b : branches.values()) {
            for (LocalDate d : dates.get()) {
                Seasonality.TradingDay day = Seasonality.tradingDay(b.branch(), d, from, until);
                if (day.complete()) {
                    complete.add(new Candidate(b.branch(), d));
                }
                if (day.insideShare() >= 0.5) {
                    mostly.add(new Candidate(b.branch(), d));
                }
                Instant nightStart = b.branch().closing(d).plus(Duration.ofHours(1));
                Instant nightEnd = b.branch().opening(d.plusDays(1)).minus(Duration.ofHours(1));
                if (nightEnd.isAfter(nightStart) && !nightStart.isBefore(from) && nightEnd.isBefore(until)) {
                    closedNights.add(new Candidate(b.branch(), d));
                }
            }
        }
        int perClass = Math.max(1, (int) Math.round(settings.ratePerWeek() * days / 7.0));
        LocalDate baselineEnd = from.plus(Duration.ofDays(days / 3)).atZone(ZoneOffset.UTC).toLocalDate();
        Set<String> volumeDays = new HashSet<>();
        for (String cls : AnomalyClasses.ALL) {
            for (int i = 1; i <= perClass; i++) {
                Incident incident;
                String id = cls + "-" + i;
                if (cls.equals(AnomalyClasses.VOLUME_SPIKE) || cls.equals(AnomalyClasses.VOLUME_DROP)) {
                    List<Candidate> pool = complete.stream()
                            .filter(c -> days < 7 || !c.date.isBefore(baselineEnd))
                            .filter(c -> !volumeDays.contains(key(c.branch.id(), c.date))).toList();
                    if (pool.isEmpty()) {
                        continue;
                    }
                    Candidate c = Randoms.pick(rng, pool);
                    volumeDays.add(key(c.branch.id(), c.date));
                    boolean spike = cls.equals(AnomalyClasses.VOLUME_SPIKE);
                    double factor = spike ? 1 + 2 * settings.magnitude() : Math.max(0.05, 1 - 0.8 * settings.magnitude());
                    incident = new Incident(id, cls, c.branch.id())
                            .window(c.branch.opening(c.date), c.branch.closing(c.date))
                            .detail("localDate", c.date.toString()).detail("factor", factor);
                    volumes.put(key(c.branch.id(), c.date), new Volume(incident, factor));
                } else {
                    // Incidents of a few actions need only part of a day inside the window (runs of one day).
                    List<Candidate> pool = cls.equals(AnomalyClasses.AFTER_HOURS) ? closedNights : mostly;
                    if (pool.isEmpty()) {
                        continue;
                    }
                    Candidate c = Randoms.pick(rng, pool);
                    incident = new Incident(id, cls, c.branch.id());
                    actionIncidents.computeIfAbsent(key(c.branch.id(), c.date), k -> new ArrayList<>()).add(incident);
                }
                all.add(incident);
            }
        }
    }

    private record Candidate(Branch branch, LocalDate date) {
    }

    /** The factor by which a branch-day's sales are scaled (1 unless a volume anomaly is there). */
    public double volumeFactor(int branchId, LocalDate date) {
        Volume v = volumes.get(key(branchId, date));
        return v == null ? 1.0 : v.factor;
    }

    /** Schedules the action anomalies planned for this branch-day. */
    public void schedule(BranchActivity b, LocalDate date, Seasonality.TradingDay day) {
        List<Incident> incidents = actionIncidents.get(key(b.id(), date));
        if (incidents == null) {
            return;
        }
        for (Incident incident : incidents) {
            Instant start;
            Instant end;
            if (incident.anomalyClass().equals(AnomalyClasses.AFTER_HOURS)) {
                start = b.branch().closing(date).plus(Duration.ofHours(1));
                end = b.branch().opening(date.plusDays(1)).minus(Duration.ofHours(1));
            } else {
                Duration length = switch (incident.anomalyClass()) {
                    case AnomalyClasses.ROLE_ESCALATION -> Duration.ofHours(2);
                    case AnomalyClasses.VOID_ABUSE -> Duration.ofHours(3);
                    default -> Duration.ofHours(5);
                };
                Instant open = day.opening().isBefore(from) ? from : day.opening();
                Instant close = day.closing().isAfter(until) ? until : day.closing();
                Instant earliest = open.plus(Duration.ofMinutes(45));
                Instant latest = close.minus(length).minus(Duration.ofMinutes(15));
                start = latest.isAfter(earliest) ? Randoms.between(rng, earliest, latest) : earliest;
                end = start.plus(length);
                if (end.isAfter(close.minus(Duration.ofMinutes(5)))) {
                    end = close.minus(Duration.ofMinutes(5));
                }
            }
            for (Slot slot : injector.plan(incident, b, start, end, rng)) {
                b.schedule(slot);
            }
        }
    }

    /** Records how many sales a branch-day really had, for the volume labels. */
    public void dayDone(int branchId, LocalDate date, double usualSales, int sales) {
        Volume v = volumes.get(key(branchId, date));
        if (v != null) {
            v.incident.detail("usualSales", Math.round(usualSales)).detail("sales", sales);
        }
    }

    /** Labels of every incident that produced something, in window order. */
    public List<AnomalyLabel> labels() {
        List<AnomalyLabel> labels = new ArrayList<>();
        for (Incident incident : all) {
            boolean volume = volumes.values().stream().anyMatch(v -> v.incident == incident);
            if (volume || incident.hasActions()) {
                labels.add(incident.toLabel());
            }
        }
        labels.sort(Comparator.comparing(AnomalyLabel::windowStart).thenComparing(AnomalyLabel::id));
        return labels;
    }

    private static String key(int branchId, LocalDate date) {
        return branchId + "/" + date;
    }
}
