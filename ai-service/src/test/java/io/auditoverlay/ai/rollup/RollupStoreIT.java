package io.auditoverlay.ai.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.support.Ev;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollups in PostgreSQL equal a recomputation from scratch, whatever the delivery: random
 * event streams in random batches, batches delivered again (a consumer restarted before its offset
 * was committed), a backfill running beside the consumer, and a sync from the stored events after
 * part of them was never consumed. Each test uses branches and a year of its own, so rows of
 * other tests in the shared test database do not count.
 */
@QuarkusTest
class RollupStoreIT {

    /** Each test its own year: the sync compares per-day counts of the stored and the counted events. */
    private Instant start = Instant.parse("2031-03-02T07:00:00Z");

    @Inject
    RollupStore store;

    @Inject
    RollupSync sync;

    @Inject
    AgroalDataSource dataSource;

    private String prefix;

    @BeforeEach
    void fixture() throws Exception {
        Fixtures.create(dataSource);
        prefix = "rt" + UUID.randomUUID().toString().substring(0, 6) + "-";
    }

    /** Sales (with items, discounts), voids, refunds and adjustments at three branches over ten days. */
    private List<BusinessEvent> randomEvents(long seed, int count) {
        Random random = new Random(seed);
        List<BusinessEvent> events = new ArrayList<>();
        String[] types = {BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.SALE_COMPLETED,
            BusinessEventTypes.SALE_VOIDED, BusinessEventTypes.SALE_REFUNDED, BusinessEventTypes.INVENTORY_ADJUSTED};
        for (int i = 0; i < count; i++) {
            String type = types[random.nextInt(types.length)];
            Instant at = start.plusSeconds(random.nextInt(10 * 86400));
            String branch = prefix + random.nextInt(3);
            Ev ev = Ev.of(type).branch(branch).actor("u" + random.nextInt(5)).at(at).tx(prefix + "tx" + i); // ids unique to this run
            if (type.equals(BusinessEventTypes.SALE_COMPLETED)) {
                ev.subject("sale", "s" + i).attr("total", String.valueOf(5 + random.nextInt(200)) + ".25")
                        .attr("discount", random.nextInt(4) == 0 ? "3.50" : "0")
                        .attr("items", List.of(Map.of("product_id", "p" + random.nextInt(20), "quantity", 1 + random.nextInt(3)),
                                Map.of("product_id", "p" + random.nextInt(20), "quantity", 1)));
            } else if (type.equals(BusinessEventTypes.INVENTORY_ADJUSTED)) {
                ev.subject("product", "p" + random.nextInt(20)).attr("product_id", "p" + random.nextInt(20))
                        .attr("reason", random.nextBoolean() ? "DAMAGE" : "THEFT").attr("delta", -1);
            } else {
                ev.subject("sale", "s" + random.nextInt(count));
            }
            events.add(ev.build());
        }
        return events;
    }

    @Test
    void redeliveredAndConcurrentBatchesAddEveryEventOnce() throws Exception {
        List<BusinessEvent> events = randomEvents(1, 3000);
        Random random = new Random(2);
        List<List<BusinessEvent>> deliveries = new ArrayList<>();
        for (int i = 0; i < events.size(); ) {
            int size = 1 + random.nextInt(300);
            List<BusinessEvent> batch = events.subList(i, Math.min(events.size(), i + size));
            deliveries.add(batch);
            if (random.nextInt(4) == 0) {
                deliveries.add(batch); // the consumer died before committing: the batch comes again
            }
            if (random.nextInt(6) == 0 && i > 0) {
                deliveries.add(events.subList(Math.max(0, i - 500), i)); // restarted from an older offset
            }
            i += size;
        }
        List<List<BusinessEvent>> backfill = new ArrayList<>(deliveries);
        Collections.shuffle(backfill, random);
        CompletableFuture<Void> consumer = CompletableFuture.runAsync(() -> deliveries.forEach(store::apply));
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> backfill.forEach(store::apply));
        consumer.get();
        other.get();

        assertSame(expected(events), stored());
    }

    @Test
    void aSyncAddsWhatTheConsumerMissedAndNothingTwice() throws Exception {
        start = unusedSpan(Instant.parse("2040-01-01T07:00:00Z")); // not settled
        List<BusinessEvent> events = randomEvents(3, 2000);
        Fixtures.insert(dataSource, events);
        store.apply(events.subList(0, 700)); // the consumer got this far before it stopped
        store.apply(events.subList(1500, 1600)); // and a later batch

        RollupSync.Result result = sync.sync(start, start.plus(Duration.ofDays(11)));
        assertTrue(result.eventsAdded() >= 1200, "added " + result.eventsAdded());
        assertSame(expected(events), stored());

        RollupSync.Result again = sync.sync(start, start.plus(Duration.ofDays(11)));
        assertEquals(0, again.daysBehind(), "a second sync finds every day level");
        assertSame(expected(events), stored());
    }

    @Test
    void aSettledDayFoundLevelIsCountedAgainOnlyAtItsRecheck() throws Exception {
        start = unusedSpan(Instant.parse("2001-01-01T07:00:00Z")); // long settled
        Instant to = start.plus(Duration.ofDays(11));
        List<BusinessEvent> events = randomEvents(4, 1500);
        Fixtures.insert(dataSource, events.subList(0, 1000));
        store.apply(events.subList(0, 1000));
        assertEquals(0, sync.sync(start, to).daysBehind(), "every day level");

        Fixtures.insert(dataSource, events.subList(1000, 1500)); // stored after the check, never consumed
        assertEquals(0, sync.sync(start, to).eventsAdded(), "settled days found level are not counted again before the recheck");
        RollupSync.Result full = sync.syncEverything(start, to);
        assertEquals(500, full.eventsAdded(), "the backfill counts every day");
        assertSame(expected(events), stored());
    }

    /**
     * Ten days from a random day of the 15 years after {@code base}: a sync compares whole days of
     * every branch, so the days must hold no other run's events (the test database may be kept).
     */
    private static Instant unusedSpan(Instant base) {
        return base.plus(Duration.ofDays(new Random().nextInt(15 * 365)));
    }

    /** Equal maps, or a short account of the first differences (the maps hold thousands of rows). */
    private static void assertSame(TreeMap<RollupKey, String> expected, TreeMap<RollupKey, String> stored) {
        List<String> diff = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(stored.get(k))) {
                diff.add(k + ": expected " + v + ", stored " + stored.get(k));
            }
        });
        stored.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> diff.add(k + ": not expected"));
        assertTrue(!expected.isEmpty() && diff.isEmpty(), expected.size() + " rows expected, " + stored.size() + " stored; "
                + diff.size() + " differ, e.g. " + diff.subList(0, Math.min(5, diff.size())));
    }

    private static TreeMap<RollupKey, String> expected(List<BusinessEvent> events) {
        TreeMap<RollupKey, String> rows = new TreeMap<>();
        Rollups.of(events).forEach((k, c) -> rows.put(k, format(c.value(), c.squares(), c.cubes(), c.events())));
        return rows;
    }

    private TreeMap<RollupKey, String> stored() throws Exception {
        TreeMap<RollupKey, String> rows = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT series, branch_id, subject_id, label, hour, value, squares, cubes, events FROM insights.rollup_hourly"
                        + " WHERE branch_id LIKE ? AND hour >= ?")) {
            ps.setString(1, prefix + "%");
            ps.setTimestamp(2, Timestamp.from(start.minus(Duration.ofHours(1))));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(new RollupKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()), format(rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getInt(9)));
                }
            }
        }
        return rows;
    }

    private static String format(double value, double squares, double cubes, int events) {
        return String.format(Locale.ROOT, "%.4f %.4f %.4f %d", value, squares, cubes, events);
    }
}
