package io.auditoverlay.ai.support;

import io.auditoverlay.ai.evaluation.Label;
import io.auditoverlay.ai.reference.BranchHours;
import io.auditoverlay.ai.reference.StaticReferenceData;
import io.auditoverlay.model.business.BusinessEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded pharmacy history for tests: four weeks of ordinary trading in the three seed branches
 * (sales with their stock movements, a few voids, matched refunds, receipts, damage write-offs),
 * and, when asked, one planted anomaly of every label class with its label.
 */
public final class SyntheticHistory {

    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 26);
    public static final int DAYS = 28;
    private static final String[] PRODUCTS = {"1", "2", "3", "4", "7", "1", "2", "7"};

    private final Random random;
    private final StaticReferenceData reference = Reference.seed();
    private final SyntheticEvents trail = new SyntheticEvents();
    private final List<Label> labels = new ArrayList<>();

    private final int days;
    /** Sales per weekday relative to a usual day, Monday first (flat unless {@link #weeklyRhythm}). */
    private double[] weekday = {1, 1, 1, 1, 1, 1, 1};

    public SyntheticHistory(long seed) {
        this(seed, DAYS);
    }

    public SyntheticHistory(long seed, int days) {
        this.random = new Random(seed);
        this.days = days;
    }

    /**
     * A pharmacy's week: the simulator's weekday profile (Friday busiest), with a Sunday of short
     * opening hours at 45 % of a usual day.
     */
    public SyntheticHistory weeklyRhythm() {
        this.weekday = new double[] {1.00, 0.97, 0.98, 1.03, 1.14, 1.06, 0.45};
        return this;
    }

    public StaticReferenceData reference() {
        return reference;
    }

    public List<BusinessEvent> events() {
        return trail.events();
    }

    public List<Label> labels() {
        return labels;
    }

    public Instant start() {
        return FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant end() {
        return FIRST_DAY.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Ordinary trading; {@code skipHours} (branch|date|hour) have no sales at all. */
    public SyntheticHistory normal(List<String> skipHours) {
        for (String branch : List.of("1", "2", "3")) {
            BranchHours hours = reference.branch(branch);
            for (int d = 0; d < days; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                ZonedDateTime open = day.atTime(hours.opensAt()).atZone(hours.zone());
                trail.receipt(branch, open.plusMinutes(20).toInstant());
                if (random.nextInt(3) == 0) {
                    trail.adjustment(branch, "c" + branch + "-2", "1", "DAMAGE", -1, open.plusHours(3).toInstant());
                }
                for (ZonedDateTime hour = open; hour.toLocalTime().isBefore(hours.closesAt()); hour = hour.plusHours(1)) {
                    if (skipHours.contains(branch + "|" + day + "|" + hour.getHour())) {
                        continue;
                    }
                    int n = poisson(lambda(hours, hour.getHour()) * weekday[day.getDayOfWeek().getValue() - 1]);
                    for (int i = 0; i < n; i++) {
                        Instant at = hour.plusSeconds(random.nextInt(3600)).toInstant();
                        String cashier = "c" + branch + "-" + random.nextInt(6);
                        String sale = trail.sale(branch, cashier, PRODUCTS[random.nextInt(PRODUCTS.length)], at, random.nextInt(20) == 0);
                        double roll = random.nextDouble();
                        if (roll < 0.015) {
                            trail.void_(branch, cashier, sale, at.plusSeconds(60));
                        } else if (roll < 0.025) {
                            trail.refund(branch, cashier, sale, at.plusSeconds(300)); // while the shop is still open
                        }
                    }
                }
            }
        }
        return this;
    }

    /** A void spree by one cashier on a given day (no label; for detector tests). */
    public SyntheticHistory voidSpree(String branch, String cashier, int day, int voids) {
        ZonedDateTime start = local(branch, day, 14, 0);
        for (int i = 0; i < voids; i++) {
            Instant at = start.plusMinutes(12L * i).toInstant();
            trail.void_(branch, cashier, trail.sale(branch, cashier, "2", at, false), at.plusSeconds(90));
        }
        return this;
    }

    /** Plants one anomaly of every class in the last week, with its label. */
    public SyntheticHistory planted() {
        return planted(0);
    }

    /**
     * Plants round {@code r} of anomalies: every class once, in branches rotated by {@code r} and
     * on days shifted by {@code 2r} (within days 21–26, so that every bucket closes inside the history).
     */
    public SyntheticHistory planted(int r) {
        // void_abuse: a cashier voids ten of her own sales one afternoon.
        ZonedDateTime voids = local(b("1", r), d(22, r), 14, 0);
        for (int i = 0; i < 10; i++) {
            Instant at = voids.plusMinutes(12L * i).toInstant();
            trail.void_(b("1", r), c(b("1", r), 0), trail.sale(b("1", r), c(b("1", r), 0), "2", at, false), at.plusSeconds(90));
        }
        label("void_abuse", b("1", r), c(b("1", r), 0), null, voids.toInstant(), voids.plusHours(2).toInstant());
        // refund_without_sale
        Instant ghost = local(b("2", r), d(23, r), 15, 0).toInstant();
        trail.add(Ev.of("sale.refunded").branch(b("2", r)).tx(trail.tx()).at(ghost).actor(c(b("2", r), 1)).subject("refund", "rf-ghost-" + r)
                .attr("sale_id", "ghost-" + r).attr("amount", new BigDecimal("88.00")).attr("reason", "customer return").build());
        label("refund_without_sale", b("2", r), c(b("2", r), 1), null, ghost, ghost);
        // controlled_shrink
        Instant theft = local(b("3", r), d(24, r), 16, 0).toInstant();
        trail.adjustment(b("3", r), c(b("3", r), 2), "3", "THEFT", -10, theft);
        label("controlled_shrink", b("3", r), c(b("3", r), 2), "3", theft, theft);
        // role_escalation: made ADMIN at 10:00, writes off stock at 11:30; an ordinary promotion the same day.
        Instant raised = local(b("1", r), d(25, r), 10, 0).toInstant();
        trail.add(Ev.of("user.role_changed").branch(b("1", r)).tx(trail.tx()).at(raised).subject("user", c(b("1", r), 1))
                .attr("oldRole", "CASHIER").attr("newRole", "ADMIN").attr("oldRoleId", 1).attr("newRoleId", 4).build());
        trail.add(Ev.of("user.role_changed").branch(b("1", r)).tx(trail.tx()).at(raised).subject("user", c(b("1", r), 2))
                .attr("oldRole", "CASHIER").attr("newRole", "MANAGER").attr("oldRoleId", 1).attr("newRoleId", 3).build());
        Instant writeOff = local(b("1", r), d(25, r), 11, 30).toInstant();
        trail.adjustment(b("1", r), c(b("1", r), 1), "7", "DAMAGE", -6, writeOff);
        label("role_escalation", b("1", r), c(b("1", r), 1), null, raised, writeOff);
        // after_hours: a sale at 02:30.
        Instant night = local(b("2", r), d(21, r), 2, 30).toInstant();
        trail.sale(b("2", r), c(b("2", r), 0), "4", night, false);
        label("after_hours", b("2", r), c(b("2", r), 0), null, night, night);
        // price_below_cost: chain-wide price change under cost.
        Instant price = local(b("1", r), d(26, r), 9, 0).toInstant();
        trail.add(Ev.of("product.price_changed").branch(b("1", r)).tx(trail.tx()).at(price).subject("product", "4").actor("admin")
                .attr("product_id", 4).attr("old_price", new BigDecimal("25.50")).attr("new_price", new BigDecimal("5.00"))
                .attr("cost", new BigDecimal("7.25")).build());
        label("price_below_cost", b("1", r), null, "4", price, price);
        // volume_spike: a branch-day with three times its usual sales, as the simulator plants it.
        spike(b("3", r), d(22, r), 3);
        // stock_decrease_without_sale
        Instant leak = local(b("2", r), d(25, r), 11, 0).toInstant();
        trail.adjustment(b("2", r), c(b("2", r), 2), "2", "SALE", -5, leak);
        label("stock_decrease_without_sale", b("2", r), c(b("2", r), 2), "2", leak, leak);
        return this;
    }

    /** {@code sales} extra sales of one product within one local hour (no label; for detector tests). */
    public SyntheticHistory burst(String branch, int day, int hour, String product, int sales) {
        ZonedDateTime start = local(branch, day, hour, 0);
        for (int i = 0; i < sales; i++) {
            trail.sale(branch, c(branch, i % 6), product, start.plusSeconds(random.nextInt(3600)).toInstant(), false);
        }
        return this;
    }

    /** A labelled branch-day with {@code multiple} times its usual sales (for that weekday). */
    public SyntheticHistory spike(String branch, int day, int multiple) {
        BranchHours hours = reference.branch(branch);
        ZonedDateTime rush = local(branch, day, hours.opensAt().getHour(), 0);
        ZonedDateTime rushEnd = local(branch, day, hours.closesAt().getHour(), 0);
        double rhythm = weekday[rush.getDayOfWeek().getValue() - 1];
        for (ZonedDateTime hour = rush; hour.isBefore(rushEnd); hour = hour.plusHours(1)) {
            int extra = (multiple - 1) * poisson(lambda(hours, hour.getHour()) * rhythm);
            for (int i = 0; i < extra; i++) {
                trail.sale(branch, c(branch, i % 6), PRODUCTS[random.nextInt(PRODUCTS.length)],
                        hour.plusSeconds(random.nextInt(3600)).toInstant(), false);
            }
        }
        label("volume_spike", branch, null, null, rush.toInstant(), rushEnd.toInstant());
        return this;
    }

    /**
     * The hours {@link #normal} should leave empty for the planted volume drop (a branch-day with
     * about a third of its usual sales, as the simulator plants it), and its label.
     */
    public List<String> plantedDrop() {
        return plantedDrop(0);
    }

    /** The drop of round {@code r} (see {@link #planted(int)}). */
    public List<String> plantedDrop(int r) {
        String branch = b("1", r);
        BranchHours hours = reference.branch(branch);
        ZonedDateTime open = local(branch, d(23, r), hours.opensAt().getHour(), 0);
        label("volume_drop", branch, null, null, open.toInstant(),
                local(branch, d(23, r), hours.closesAt().getHour(), 0).toInstant());
        List<String> skip = new ArrayList<>();
        for (int h = hours.opensAt().getHour(); h < hours.closesAt().getHour(); h++) {
            if (h % 3 != 0) {
                skip.add(branch + "|" + open.toLocalDate() + "|" + h);
            }
        }
        return skip;
    }

    /** Branch {@code base} rotated by {@code r} among the three seed branches. */
    private static String b(String base, int r) {
        return String.valueOf((Integer.parseInt(base) - 1 + r) % 3 + 1);
    }

    /** Day {@code day} (21–26) shifted by {@code 2r}, staying within 21–26. */
    private static int d(int day, int r) {
        return 21 + (day - 21 + 2 * r) % 6;
    }

    private static String c(String branch, int n) {
        return "c" + branch + "-" + n;
    }

    private ZonedDateTime local(String branch, int day, int hour, int minute) {
        return FIRST_DAY.plusDays(day).atTime(hour, minute).atZone(reference.branch(branch).zone());
    }

    private void label(String cls, String branch, String user, String product, Instant from, Instant to) {
        labels.add(new Label(cls, branch, user, product, from, to, List.of()));
    }

    /** Sales per hour: 6 at opening and closing, 10 mid-day. */
    private static double lambda(BranchHours hours, int hour) {
        return 6 + 4 * Math.sin(Math.PI * (hour - hours.opensAt().getHour())
                / (hours.closesAt().getHour() - hours.opensAt().getHour()));
    }

    private int poisson(double lambda) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
