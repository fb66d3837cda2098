package io.auditoverlay.simulator.activity;

import io.auditoverlay.simulator.action.Dispense;
import io.auditoverlay.simulator.action.PriceChange;
import io.auditoverlay.simulator.action.RoleChange;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.action.SaleLine;
import io.auditoverlay.simulator.action.SaleReversal;
import io.auditoverlay.simulator.action.StockAdjustment;
import io.auditoverlay.simulator.action.StockLine;
import io.auditoverlay.simulator.catalog.Roles;
import io.auditoverlay.simulator.state.Product;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds the ordinary actions of a pharmacy: baskets, voids and returns, dispensing, deliveries,
 * write-offs, count corrections, transfers, promotions and price changes. Each method reads and
 * updates the branch's stock, so a branch never sells what it does not have.
 */
public final class ActionFactory {

    static final double VOID_RATE = 0.01;
    static final double REFUND_RATE = 0.005;
    private static final String[] PAYMENTS = {"CARD", "CARD", "CARD", "CARD", "CARD", "CARD", "CASH", "CASH",
        "CASH", "MOBILE", "INSURANCE"};
    private static final String[] VOID_REASONS = {"scanned twice", "customer changed mind", "wrong item",
        "payment declined", "price query"};
    private static final String[] REFUND_REASONS = {"defective", "wrong product", "customer return",
        "adverse reaction", "duplicate purchase"};
    private static final String[] PRESCRIBERS = {"Dr. Anna Kowalski", "Dr. Samuel Reed", "Dr. Mei Lin",
        "Dr. Rafael Ortiz", "Dr. Hannah Weiss", "Dr. Kwame Mensah", "Dr. Laura Bianchi", "Dr. Peter Novak"};

    private final ActivityContext ctx;

    public ActionFactory(ActivityContext ctx) {
        this.ctx = ctx;
    }

    /** A basket rung up by {@code cashier}; schedules its void or later return now and then. */
    public Sale sale(BranchActivity b, Instant at, long cashier) {
        List<SaleLine> lines = basket(b, at);
        return lines.isEmpty() ? null : ring(b, at, cashier, lines, true);
    }

    /**
     * A basket of one to eight distinct products, chosen by popularity among those in stock, at
     * the shelf prices of that moment. Nothing is taken from stock until it is {@link #ring rung}.
     */
    public List<SaleLine> basket(BranchActivity b, Instant at) {
        SplittableRandom rng = b.rng();
        int items = 1;
        while (items < 8 && Randoms.chance(rng, 0.57)) {
            items++;
        }
        List<SaleLine> lines = new ArrayList<>(items);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < items; i++) {
            Product product = null;
            for (int attempt = 0; attempt < 4 && product == null; attempt++) {
                Product candidate = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(rng));
                if (b.onHand(candidate.id()) > 0 && !seen.contains(candidate.id())) {
                    product = candidate;
                }
            }
            if (product == null) {
                continue;
            }
            seen.add(product.id());
            int quantity = Math.min(b.onHand(product.id()), rng.nextInt(20) < 16 ? 1 : rng.nextInt(20) < 15 ? 2 : 3);
            BigDecimal price = product.priceAt(at);
            BigDecimal discount = Randoms.chance(rng, 0.08)
                    ? price.multiply(BigDecimal.valueOf(quantity)).multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP)
                    : BigDecimal.ZERO.setScale(2);
            lines.add(new SaleLine(product.id(), quantity, price, discount));
        }
        return lines;
    }

    /**
     * Records a sale of the given lines; with {@code ordinary}, schedules its occasional void or
     * later return (injected anomalies manage their own follow-ups).
     */
    public Sale ring(BranchActivity b, Instant at, long cashier, List<SaleLine> lines, boolean ordinary) {
        SplittableRandom rng = b.rng();
        Long customer = Randoms.chance(rng, 0.35) ? Randoms.pick(rng, ctx.customerIds()) : null;
        Instant completed = at.plusMillis(15_000 + rng.nextInt(150_000));
        Sale sale = new Sale(b.id(), at, completed, cashier, customer, PAYMENTS[rng.nextInt(PAYMENTS.length)], lines);
        b.apply(sale.stockLines(-1));
        if (!ordinary) {
            return sale;
        }
        if (Randoms.chance(rng, VOID_RATE)) {
            Instant when = completed.plusMillis(30_000 + rng.nextInt(600_000));
            if (b.branch().isOpen(when)) {
                long by = Randoms.chance(rng, 0.6) ? b.anyOf(Roles.MANAGER) : cashier;
                String reason = VOID_REASONS[rng.nextInt(VOID_REASONS.length)];
                b.schedule(new Slot(when, ctx.nextSeq(), x -> reverse(x, sale, SaleReversal.Kind.VOIDED, when, by, reason)));
            }
        } else if (Randoms.chance(rng, REFUND_RATE / (1 - VOID_RATE))) {
            Instant when;
            if (ctx.live()) {
                when = completed.plusMillis(120_000 + rng.nextInt(1_080_000));
            } else {
                LocalDate day = completed.atZone(b.branch().zone()).toLocalDate().plusDays(1 + rng.nextInt(10));
                when = Randoms.between(rng, b.branch().opening(day), b.branch().closing(day));
            }
            long by = Randoms.chance(rng, 0.5) ? b.anyOf(Roles.MANAGER) : b.anyOf(Roles.CASHIER);
            String reason = REFUND_REASONS[rng.nextInt(REFUND_REASONS.length)];
            b.schedule(new Slot(when, ctx.nextSeq(), x -> reverse(x, sale, SaleReversal.Kind.REFUNDED, when, by, reason)));
        }
        return sale;
    }

    public SaleReversal reverse(BranchActivity b, Sale sale, SaleReversal.Kind kind, Instant at, long by, String reason) {
        b.apply(sale.stockLines(+1));
        return new SaleReversal(sale, kind, at, by, reason);
    }

    /** A controlled product dispensed on prescription by a pharmacist. */
    public Dispense dispense(BranchActivity b, Instant at) {
        SplittableRandom rng = b.rng();
        List<Product> controlled = ctx.assortment().controlled();
        if (controlled.isEmpty()) {
            return null;
        }
        Product product = Randoms.pick(rng, controlled);
        int quantity = Math.min(b.onHand(product.id()), Randoms.chance(rng, 0.85) ? 1 : 2);
        if (quantity <= 0) {
            return null;
        }
        b.apply(List.of(new StockLine(product.id(), -quantity)));
        return new Dispense(b.id(), at, Randoms.pick(rng, ctx.customerIds()), product.id(), quantity,
                PRESCRIBERS[rng.nextInt(PRESCRIBERS.length)], b.anyOf(Roles.PHARMACIST));
    }

    /**
     * The morning wholesaler delivery (pharmacies get one most days): every product under three
     * quarters of its par level is topped up to par, par being the larger of the stock the run
     * started with and ten days of expected demand. Null when nothing needs ordering.
     */
    public StockAdjustment delivery(BranchActivity b, Instant at) {
        List<StockLine> lines = new ArrayList<>();
        Assortment a = ctx.assortment();
        double unitsPerDay = b.salesPerDay() * 2.3 * 1.25;
        for (int i = 0; i < a.overTheCounterCount(); i++) {
            addIfLow(b, lines, a.overTheCounter(i).id(), unitsPerDay * a.share(i));
        }
        double rxPerProduct = b.salesPerDay() * ActivityContext.PRESCRIPTION_RATE * 1.15
                / Math.max(1, a.controlled().size());
        for (Product p : a.controlled()) {
            addIfLow(b, lines, p.id(), rxPerProduct);
        }
        if (lines.isEmpty()) {
            return null;
        }
        b.apply(lines);
        return new StockAdjustment(b.id(), at, "RECEIPT", b.anyOf(Roles.MANAGER), "delivery", lines);
    }

    private static void addIfLow(BranchActivity b, List<StockLine> lines, long productId, double perDay) {
        if (!b.stocks(productId)) {
            return;
        }
        int par = Math.max(b.initialStock(productId), (int) Math.ceil(Math.max(6, perDay * 10)));
        int onHand = b.onHand(productId);
        if (onHand < par * 0.75) {
            lines.add(new StockLine(productId, par - onHand));
        }
    }

    /** A damaged, expired or (rarely, and never a controlled product) stolen item written off. */
    public StockAdjustment writeOff(BranchActivity b, Instant at, String reason) {
        SplittableRandom rng = b.rng();
        Product product = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(rng));
        int quantity = Math.min(b.onHand(product.id()), 1 + rng.nextInt(reason.equals("EXPIRED") ? 6 : 2));
        if (quantity <= 0) {
            return null;
        }
        List<StockLine> lines = List.of(new StockLine(product.id(), -quantity));
        b.apply(lines);
        int role = reason.equals("EXPIRED") && b.hasStaff(Roles.PHARMACIST) ? Roles.PHARMACIST : Roles.MANAGER;
        return new StockAdjustment(b.id(), at, reason, b.anyOf(role), reason.toLowerCase() + " write-off", lines);
    }

    /** A shelf count that differs from the system by a unit or two, either way. Never schedule II. */
    public StockAdjustment countCorrection(BranchActivity b, Instant at) {
        SplittableRandom rng = b.rng();
        Product product = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(rng));
        int delta = (Randoms.chance(rng, 0.5) ? 1 : -1) * (1 + rng.nextInt(2));
        if (b.onHand(product.id()) + delta < 0) {
            delta = -delta;
        }
        List<StockLine> lines = List.of(new StockLine(product.id(), delta));
        b.apply(lines);
        return new StockAdjustment(b.id(), at, "COUNT_CORRECTION", b.anyOf(Roles.MANAGER), "shelf count", lines);
    }

    /**
     * Goods sent to another branch: the TRANSFER_OUT now, the TRANSFER_IN scheduled at the
     * receiving branch the next trading day, each its own transaction as two tills would write them.
     */
    public StockAdjustment transferOut(BranchActivity from, BranchActivity to, Instant at) {
        SplittableRandom rng = from.rng();
        Product product = ctx.assortment().overTheCounter(ctx.assortment().pickIndex(rng));
        int quantity = Math.min(from.onHand(product.id()) / 3, 2 + rng.nextInt(10));
        if (quantity <= 0 || !to.stocks(product.id())) {
            return null;
        }
        List<StockLine> out = List.of(new StockLine(product.id(), -quantity));
        from.apply(out);
        LocalDate next = at.atZone(to.branch().zone()).toLocalDate().plusDays(1);
        Instant arrives = ctx.live() ? at.plusMillis(120_000 + rng.nextInt(480_000))
                : to.branch().opening(next).plus(Duration.ofMinutes(30 + rng.nextInt(180)));
        String note = "transfer " + from.branch().code() + " to " + to.branch().code();
        to.schedule(new Slot(arrives, ctx.nextSeq(), x -> {
            List<StockLine> in = List.of(new StockLine(product.id(), quantity));
            x.apply(in);
            return new StockAdjustment(x.id(), arrives, "TRANSFER_IN", x.anyOf(Roles.MANAGER), note, in);
        }));
        return new StockAdjustment(from.id(), at, "TRANSFER_OUT", from.anyOf(Roles.MANAGER), note, out);
    }

    /** A cashier promoted to manager (kept: ordinary role changes are permanent). */
    public RoleChange promotion(BranchActivity b, Instant at) {
        if (b.staff(Roles.CASHIER).size() < 3) {
            return null;
        }
        long user = b.anyOf(Roles.CASHIER);
        b.changeRole(user, Roles.CASHIER, Roles.MANAGER);
        return new RoleChange(b.id(), at, user, Roles.MANAGER);
    }

    /** A shelf price moved by 3 to 10 %, never below cost. */
    public PriceChange priceChange(SplittableRandom rng, Instant at) {
        Product product = ctx.assortment().overTheCounter(rng.nextInt(ctx.assortment().overTheCounterCount()));
        BigDecimal old = product.priceAt(at);
        double factor = 1 + (Randoms.chance(rng, 0.7) ? 1 : -1) * (0.03 + rng.nextDouble() * 0.07);
        BigDecimal price = old.multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal floor = product.cost().multiply(new BigDecimal("1.10")).setScale(2, RoundingMode.UP);
        if (price.compareTo(floor) < 0) {
            price = floor;
        }
        if (price.compareTo(old) == 0) {
            return null;
        }
        product.changePrice(at, price);
        return new PriceChange(at, product.id(), price);
    }
}
