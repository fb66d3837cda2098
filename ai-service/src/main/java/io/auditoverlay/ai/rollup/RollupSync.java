package io.auditoverlay.ai.rollup;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Brings the rollups level with {@code business.business_event}: the days whose stored event count
 * differs from the count of events in the rollups are read again, an hour at a time, and what is
 * missing is added (counted events are skipped). Used by the backfill command, at start when the
 * rollups are empty, and before every detection run, so that a consumer a few seconds behind, or
 * down for a day, never makes a quiet day out of a busy one.
 */
@ApplicationScoped
public class RollupSync {

    private static final Duration CHUNK = Duration.ofHours(1);

    private final AgroalDataSource dataSource;
    private final BusinessEventRepository events;
    private final RollupStore store;

    public RollupSync(AgroalDataSource dataSource, BusinessEventRepository events, RollupStore store) {
        this.dataSource = dataSource;
        this.events = events;
        this.store = store;
    }

    /** What a sync did: the days found behind and the events added. */
    public record Result(Instant from, Instant to, int daysBehind, long eventsAdded, long millis) {
    }

    /** Adds every stored event in [from, to) that the rollups lack. */
    public Result sync(Instant from, Instant to) {
        long started = System.nanoTime();
        Map<Instant, Long> stored = countByDay(events.table(), from, to);
        Map<Instant, Long> counted = countByDay("insights.rollup_event", from, to);
        TreeSet<Instant> behind = new TreeSet<>();
        stored.forEach((day, n) -> {
            if (n > counted.getOrDefault(day, 0L)) { // fewer counted than stored: some were never consumed
                behind.add(day);
            }
        });
        long added = 0;
        int done = 0;
        for (Instant day : behind) {
            Instant start = day.isBefore(from) ? from : day;
            Instant end = day.plus(1, ChronoUnit.DAYS).isAfter(to) ? to : day.plus(1, ChronoUnit.DAYS);
            for (Instant chunk = start; chunk.isBefore(end); chunk = chunk.plus(CHUNK)) {
                Instant chunkEnd = chunk.plus(CHUNK).isAfter(end) ? end : chunk.plus(CHUNK);
                added += store.apply(events.rollupInputBetween(chunk, chunkEnd));
            }
            if (++done % 10 == 0 || done == behind.size()) {
                Log.infof("rollups: %d/%d days brought up to date, %d events added", done, behind.size(), added);
            }
        }
        return new Result(from, to, behind.size(), added, (System.nanoTime() - started) / 1_000_000);
    }

    /** The earliest stored business event, or null. */
    public Instant firstEvent() {
        return events.firstOccurredAt();
    }

    /** Whether nothing was ever counted. */
    public boolean empty() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT NOT EXISTS (SELECT 1 FROM insights.rollup_event)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read insights.rollup_event: " + e.getMessage(), e);
        }
    }

    private Map<Instant, Long> countByDay(String table, Instant from, Instant to) {
        Map<Instant, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT date_trunc('day', occurred_at, 'UTC'), count(*) FROM " + table
                        + " WHERE occurred_at >= ? AND occurred_at < ? GROUP BY 1")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table + ": " + e.getMessage(), e);
        }
    }
}
