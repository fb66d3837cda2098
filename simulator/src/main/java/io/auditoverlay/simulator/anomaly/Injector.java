package io.auditoverlay.simulator.anomaly;

import io.auditoverlay.model.label.AnomalyClasses;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.action.SaleLine;
import io.auditoverlay.simulator.action.SaleReversal;
import io.auditoverlay.simulator.action.SilentStockChange;
import io.auditoverlay.simulator.action.StockAdjustment;
import io.auditoverlay.simulator.action.StockLine;
import io.auditoverlay.simulator.action.RoleChange;
import io.auditoverlay.simulator.action.UnmatchedRefund;
import io.auditoverlay.simulator.activity.ActionFactory;
import io.auditoverlay.simulator.activity.ActivityContext;
import io.auditoverlay.simulator.activity.BranchActivity;
import io.auditoverlay.simulator.activity.Randoms;
import io.auditoverlay.simulator.activity.Slot;
import io.auditoverlay.simulator.catalog.Roles;
import io.auditoverlay.simulator.state.Product;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the anomalies that are a handful of actions by one person (all classes but the volume
 * ones, which are a matter of how many ordinary sales a planner generates). Each method returns
 * the slots to schedule at the branch, all inside [from, to]; as they materialise, their actions
 * are added to the incident, from which the label is written.
 */
public final class Injector {

    private final ActivityContext ctx;
    private final ActionFactory factory;
    private final AnomalySettings settings;

    public Injector(ActivityContext ctx, ActionFactory factory, AnomalySettings settings) {
        this.ctx = ctx;
        this.factory = factory;
        this.settings = settings;
    }

    /** Dispatches on the incident's class. */
    public List<Slot> plan(Incident incident, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        return switch (incident.anomalyClass()) {
            case AnomalyClasses.VOID_ABUSE -> voidAbuse(incident, b, from, to, rng);
            case AnomalyClasses.REFUND_WITHOUT_SALE -> refundsWithoutSale(incident, b, from, to, rng);
            case AnomalyClasses.CONTROLLED_SHRINK -> controlledShrink(incident, b, from, to, rng);
            case AnomalyClasses.ROLE_ESCALATION -> roleEscalation(incident, b, from, to, rng);
            case AnomalyClasses.AFTER_HOURS -> afterHours(incident, b, from, to, rng);
            case AnomalyClasses.PRICE_BELOW_COST -> priceBelowCost(incident, b, from, to, rng);
            case AnomalyClasses.STOCK_DECREASE_WITHOUT_SALE -> silentDecrease(incident, b, from, to, rng);
            default -> throw new IllegalArgumentException("not an action anomaly: " + incident.anomalyClass());
        };
    }

    /** One cashier rings up sales and voids each a few minutes later, far above the usual 1 %. */
    List<Slot> voidAbuse(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        long cashier = b.anyOf(Roles.CASHIER);
        inc.user(cashier);
        int n = settings.scaled(8, 3);
        inc.detail("voids", n);
        List<Slot> slots = new ArrayList<>();
        long span = Duration.between(from, to).toMillis();
        for (Instant at : times(rng, from, to.minusMillis(Math.min(600_000, span / 3)), n)) {
            slots.add(new Slot(at, ctx.nextSeq(), x -> {
                List<SaleLine> lines = factory.basket(x, at);
                if (lines.isEmpty()) {
                    return null;
                }
                Sale rung = inc.add(factory.ring(x, at, cashier, lines, false));
                Instant voidAt = rung.completedAt().plusMillis(60_000 + x.rng().nextInt(180_000));
                x.schedule(new Slot(voidAt, ctx.nextSeq(), y -> inc.add(
                        factory.reverse(y, rung, SaleReversal.Kind.VOIDED, voidAt, cashier, "customer changed mind"))));
                return rung;
            }));
        }
        return slots;
    }

    /** Cash handed out as refunds that reference no sale at all. */
    List<Slot> refundsWithoutSale(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        long user = b.anyOf(Roles.CASHIER);
        inc.user(user);
        int n = settings.scaled(3, 1);
        inc.detail("refunds", n);
        List<Slot> slots = new ArrayList<>();
        for (Instant at : times(rng, from, to, n)) {
            BigDecimal amount = BigDecimal.valueOf(2000 + rng.nextInt(13_000), 2);
            slots.add(new Slot(at, ctx.nextSeq(), x -> inc.add(new UnmatchedRefund(x.id(), at, user, amount, "customer return"))));
        }
        return slots;
    }

    /** A schedule II product written down again and again as THEFT or COUNT_CORRECTION by one user. */
    List<Slot> controlledShrink(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        List<Product> candidates = ctx.assortment().scheduleTwo().stream().filter(p -> b.stocks(p.id())).toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        Product product = Randoms.pick(rng, candidates);
        long user = b.anyOf(Roles.PHARMACIST);
        inc.user(user).product(product.id());
        int n = settings.scaled(4, 2);
        inc.detail("adjustments", n).detail("schedule", "II");
        List<Slot> slots = new ArrayList<>();
        int i = 0;
        for (Instant at : times(rng, from, to, n)) {
            String reason = i++ % 3 == 1 ? "THEFT" : "COUNT_CORRECTION";
            int wanted = settings.scaled(1 + rng.nextInt(2), 1);
            slots.add(new Slot(at, ctx.nextSeq(), x -> {
                int quantity = Math.min(wanted, x.onHand(product.id()));
                if (quantity <= 0) {
                    return null;
                }
                List<StockLine> lines = List.of(new StockLine(product.id(), -quantity));
                x.apply(lines);
                return inc.add(new StockAdjustment(x.id(), at, reason, user,
                        reason.equals("THEFT") ? "missing from safe" : "count mismatch", lines));
            }));
        }
        return slots;
    }

    /**
     * A cashier made ADMIN, stock written down under that role, then the role quietly reverted:
     * the rise in the first tenth of the window, the write-downs in its first half, the revert
     * in its last quarter.
     */
    List<Slot> roleEscalation(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        long user = b.anyOf(Roles.CASHIER);
        inc.user(user).detail("fromRole", "CASHIER").detail("toRole", "ADMIN");
        long span = Math.max(60_000, Duration.between(from, to).toMillis());
        Instant up = from.plusMillis(rng.nextLong(span / 10));
        Instant down = from.plusMillis(span * 3 / 4 + rng.nextLong(span / 4));
        int n = settings.scaled(3, 2);
        inc.detail("adjustments", n);
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot(up, ctx.nextSeq(), x -> inc.add(new RoleChange(x.id(), up, user, Roles.ADMIN))));
        for (Instant at : times(rng, up.plusMillis(span / 20), from.plusMillis(span / 2), n)) {
            slots.add(new Slot(at, ctx.nextSeq(), x -> writeDown(inc, x, at, user, "COUNT_CORRECTION", "recount")));
        }
        slots.add(new Slot(down, ctx.nextSeq(), x -> inc.add(new RoleChange(x.id(), down, user, Roles.CASHIER))));
        return slots;
    }

    /** Sales and write-downs while the branch is closed (the caller passes a window outside opening hours). */
    List<Slot> afterHours(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        long user = Randoms.chance(rng, 0.5) ? b.anyOf(Roles.CASHIER) : b.anyOf(Roles.MANAGER);
        inc.user(user);
        int n = settings.scaled(2, 1);
        inc.detail("actions", n);
        List<Slot> slots = new ArrayList<>();
        int i = 0;
        for (Instant at : times(rng, from, to, n)) {
            boolean sale = i++ % 2 == 0;
            slots.add(new Slot(at, ctx.nextSeq(), x -> {
                if (sale) {
                    List<SaleLine> lines = factory.basket(x, at);
                    return lines.isEmpty() ? null : inc.add(factory.ring(x, at, user, lines, false));
                }
                return writeDown(inc, x, at, user, "DAMAGE", "damaged");
            }));
        }
        return slots;
    }

    /** Sales with one line overridden to a price under the product's cost. */
    List<Slot> priceBelowCost(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        List<Product> candidates = new ArrayList<>();
        for (int i = 0; i < ctx.assortment().overTheCounterCount(); i++) {
            Product p = ctx.assortment().overTheCounter(i);
            if (p.cost().compareTo(new BigDecimal("5.00")) >= 0 && b.stocks(p.id())) {
                candidates.add(p);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Product product = Randoms.pick(rng, candidates);
        long cashier = b.anyOf(Roles.CASHIER);
        double factor = Math.max(0.05, 1 - 0.4 * settings.magnitude());
        BigDecimal price = product.cost().multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP);
        int n = settings.scaled(3, 1);
        inc.user(cashier).product(product.id()).detail("sales", n).detail("cost", product.cost())
                .detail("price", price);
        List<Slot> slots = new ArrayList<>();
        for (Instant at : times(rng, from, to, n)) {
            slots.add(new Slot(at, ctx.nextSeq(), x -> {
                if (x.onHand(product.id()) <= 0) {
                    return null;
                }
                List<SaleLine> lines = new ArrayList<>(factory.basket(x, at).stream()
                        .filter(l -> l.productId() != product.id()).toList());
                lines.add(new SaleLine(product.id(), 1, price, BigDecimal.ZERO.setScale(2)));
                return inc.add(factory.ring(x, at, cashier, lines, false));
            }));
        }
        return slots;
    }

    /** Stock lowered directly in the inventory table, with no sale and no adjustment row. */
    List<Slot> silentDecrease(Incident inc, BranchActivity b, Instant from, Instant to, SplittableRandom rng) {
        long user = b.anyOf(Roles.MANAGER);
        int wanted = settings.scaled(6, 2);
        Instant at = Randoms.between(rng, from, to);
        inc.user(user).detail("units", wanted);
        return List.of(new Slot(at, ctx.nextSeq(), x -> {
            for (int attempt = 0; attempt < 20; attempt++) {
                Product p = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(x.rng()));
                if (x.onHand(p.id()) >= wanted) {
                    x.apply(List.of(new StockLine(p.id(), -wanted)));
                    inc.product(p.id());
                    return inc.add(new SilentStockChange(x.id(), at, p.id(), -wanted, user));
                }
            }
            return null;
        }));
    }

    private StockAdjustment writeDown(Incident inc, BranchActivity x, Instant at, long user, String reason, String note) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Product p = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(x.rng()));
            int quantity = Math.min(x.onHand(p.id()), 1 + x.rng().nextInt(3));
            if (quantity > 0) {
                List<StockLine> lines = List.of(new StockLine(p.id(), -quantity));
                x.apply(lines);
                return inc.add(new StockAdjustment(x.id(), at, reason, user, note, lines));
            }
        }
        return null;
    }

    /** {@code n} sorted random instants in [from, to]. */
    static List<Instant> times(SplittableRandom rng, Instant from, Instant to, int n) {
        Instant end = to.isAfter(from) ? to : from.plusSeconds(60);
        List<Instant> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(Randoms.between(rng, from, end));
        }
        result.sort(null);
        return result;
    }
}
