package io.auditoverlay.simulator.activity;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.action.IdAllocator;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.anomaly.AnomalySettings;
import io.auditoverlay.simulator.anomaly.LiveAnomalies;
import io.auditoverlay.simulator.catalog.Roles;
import io.auditoverlay.simulator.state.Branch;
import io.auditoverlay.simulator.state.ChainState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The chain's activity now, at a steady number of transactions per second: each tick draws that
 * many actions (mostly sales) at branches chosen by size among those open at this moment, plus
 * whatever earlier ticks scheduled (voids, returns and transfers, compressed into minutes), plus
 * the anomalies, one every few minutes, cycling through the classes.
 */
public final class LiveGenerator {

    private static final Duration DELIVERY_EVERY = Duration.ofMinutes(15);

    private final double tps;
    private final boolean ignoreHours;
    private final ActivityContext ctx;
    private final ActionFactory factory;
    private final IdAllocator ids;
    private final SplittableRandom rng;
    private final Map<Integer, BranchActivity> branches = new LinkedHashMap<>();
    private final Map<Integer, Instant> nextDelivery = new HashMap<>();
    private final LiveAnomalies anomalies;
    private final double sizes;

    public LiveGenerator(ChainState state, long seed, double tps, AnomalySettings settings, boolean ignoreHours,
                         Instant start) {
        if (tps <= 0) {
            throw new IllegalArgumentException("transactions per second must be positive");
        }
        this.tps = tps;
        this.ignoreHours = ignoreHours;
        this.ctx = new ActivityContext(new Assortment(state, seed), state.customerIds, true);
        this.factory = new ActionFactory(ctx);
        this.ids = new IdAllocator(state.maxIds);
        this.rng = new SplittableRandom(seed ^ 0x11FEL);
        this.sizes = state.branches.stream().mapToDouble(Branch::size).sum();
        for (Branch b : state.branches) {
            BranchActivity activity = new BranchActivity(b, seed, state.users, state.stock.get(b.id()));
            // Deliveries order ten "days" of demand; live runs last minutes to hours at rates no
            // branch sees for a whole day, so a live "day" is twelve minutes of this rate.
            activity.salesPerDay(tps * 0.93 * 720 * b.size() / sizes);
            branches.put(b.id(), activity);
            nextDelivery.put(b.id(), start);
        }
        this.anomalies = new LiveAnomalies(ctx, factory, settings, seed, start, tps, sizes);
    }

    /** Whether any branch trades at that instant (live mode writes nothing while all are closed). */
    public boolean anyOpen(Instant at) {
        return ignoreHours || branches.values().stream().anyMatch(b -> b.branch().isOpen(at));
    }

    /** The actions of [from, to), ids assigned, in business-time order. */
    public List<PosAction> tick(Instant from, Instant to) {
        List<BranchActivity> open = branches.values().stream()
                .filter(b -> ignoreHours || b.branch().isOpen(from)).toList();
        List<BranchActivity> closed = branches.values().stream().filter(b -> !open.contains(b)).toList();
        anomalies.start(from, open, closed);
        if (!open.isEmpty()) {
            double[] cumulative = new double[open.size()];
            double sum = 0;
            for (int i = 0; i < open.size(); i++) {
                sum += open.get(i).branch().size() * anomalies.volumeFactor(open.get(i).id(), from);
                cumulative[i] = sum;
            }
            double seconds = Duration.between(from, to).toMillis() / 1000.0;
            for (int n = Randoms.poisson(rng, tps * seconds); n > 0; n--) {
                BranchActivity b = open.get(Randoms.weighted(rng, cumulative));
                Instant at = Randoms.between(rng, from, to);
                b.schedule(new Slot(at, ctx.nextSeq(), pickKind(b, at)));
            }
            for (BranchActivity b : open) {
                if (!nextDelivery.get(b.id()).isAfter(from)) {
                    nextDelivery.put(b.id(), from.plus(DELIVERY_EVERY));
                    b.schedule(new Slot(from, ctx.nextSeq(), x -> factory.delivery(x, from)));
                }
            }
        }
        List<PosAction> actions = new ArrayList<>();
        for (BranchActivity b : branches.values()) {
            for (Slot slot = b.next(to); slot != null; slot = b.next(to)) {
                PosAction action = slot.make().apply(b);
                if (action != null) {
                    actions.add(action);
                    if (action instanceof Sale) {
                        anomalies.countSale(b.id(), action.at());
                    }
                }
            }
        }
        actions.sort(Comparator.comparing(PosAction::at));
        for (PosAction action : actions) {
            action.assignIds(ids);
        }
        return actions;
    }

    /**
     * Gives an action new ids after another writer took the ones it had; the actions that refer
     * to it (a later void, a label) see the new ones, since they hold the action itself.
     */
    public void reassign(PosAction action, Map<String, Long> maxIds) {
        ids.skipPast(maxIds);
        action.assignIds(ids);
    }

    /** Labels of anomalies whose window closed (with a margin for their follow-ups) before {@code now}. */
    public List<AnomalyLabel> finishedLabels(Instant now) {
        return anomalies.finished(now);
    }

    /** Labels of every anomaly begun so far, finished or not (at shutdown). */
    public List<AnomalyLabel> remainingLabels() {
        return anomalies.remaining();
    }

    private Function<BranchActivity, PosAction> pickKind(BranchActivity b, Instant at) {
        double r = rng.nextDouble();
        if (r < 0.935) {
            long cashier = Randoms.chance(rng, 0.9) ? b.anyOf(Roles.CASHIER) : b.anyOf(Roles.PHARMACIST);
            return x -> factory.sale(x, at, cashier);
        } else if (r < 0.96) {
            return x -> factory.dispense(x, at);
        } else if (r < 0.975) {
            return x -> factory.countCorrection(x, at);
        } else if (r < 0.985) {
            return x -> factory.writeOff(x, at, "DAMAGE");
        } else if (r < 0.989) {
            return x -> factory.writeOff(x, at, "EXPIRED");
        } else if (r < 0.99) {
            return x -> factory.writeOff(x, at, "THEFT");
        } else if (r < 0.996 && branches.size() > 1) {
            List<BranchActivity> others = branches.values().stream().filter(o -> o != b).toList();
            BranchActivity to = Randoms.pick(rng, others);
            return x -> factory.transferOut(x, to, at);
        } else if (r < 0.9995) {
            return x -> factory.priceChange(rng, at);
        }
        return x -> factory.promotion(x, at);
    }
}
