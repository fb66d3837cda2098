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
import java.util.concurrent.ConcurrentHashMap;

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
    /** A day this long over is settled: its events are all stored but for an outage or a replay. */
    static final Duration SETTLED = Duration.ofDays(2);
    /** A settled day found level is counted again after this long. */
    static final Duration RECHECK = Duration.ofHours(6);
    private static final Duration MAX_REMEMBERED = Duration.ofDays(400);

    /** UTC day start → the part of it last found level, and when (settled days only). */
    private final Map<Instant, Level> levels = new ConcurrentHashMap<>();

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

    /**
     * Adds every stored event in [from, to) that the rollups lack, counting every day of the span
     * (the backfill command, the start).
     */
    public Result syncEverything(Instant from, Instant to) {
        return sync(from, from, to);
    }

    /**
     * As {@link #syncEverything}, but the leading days that had settled (ended {@link #SETTLED}
     * ago) and were found level within {@link #RECHECK} are not counted again: a detection run every
     * ten minutes would otherwise count five weeks of events each time (5.5 s at 10,000 sales a
     * day). Such a day gains events only from a consumer more than two days behind or a replay,
     * and those are found at the next recheck; the consumer itself keeps the rollups in any case.
     */
    public Result sync(Instant from, Instant to) {
        return sync(from, skipLevel(from, to, Instant.now()), to);
    }

    private Result sync(Instant from, Instant countFrom, Instant to) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        if (!countFrom.isBefore(to)) {
            return new Result(from, to, 0, 0, 0);
        }
        Map<Instant, Long> stored = countByDay(events.table(), countFrom, to);
        Map<Instant, Long> counted = countByDay("insights.rollup_event", countFrom, to);
        TreeSet<Instant> behind = new TreeSet<>();
        stored.forEach((day, n) -> {
            if (n > counted.getOrDefault(day, 0L)) { // fewer counted than stored: some were never consumed
                behind.add(day);
            }
        });
        long added = 0;
        int done = 0;
        for (Instant day : behind) {
            Instant start = day.isBefore(countFrom) ? countFrom : day;
            Instant end = day.plus(1, ChronoUnit.DAYS).isAfter(to) ? to : day.plus(1, ChronoUnit.DAYS);
            for (Instant chunk = start; chunk.isBefore(end); chunk = chunk.plus(CHUNK)) {
                Instant chunkEnd = chunk.plus(CHUNK).isAfter(end) ? end : chunk.plus(CHUNK);
                added += store.apply(events.rollupInputBetween(chunk, chunkEnd));
            }
            if (++done % 10 == 0 || done == behind.size()) {
                Log.infof("rollups: %d/%d days brought up to date, %d events added", done, behind.size(), added);
            }
        }
        markLevel(countFrom, to, now);
        return new Result(from, to, behind.size(), added, (System.nanoTime() - started) / 1_000_000);
    }

    /** The first instant of [from, to) not covered by settled days found level within {@link #RECHECK}. */
    Instant skipLevel(Instant from, Instant to, Instant now) {
        Instant cursor = from;
        for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(1, ChronoUnit.DAYS)) {
            Instant end = day.plus(1, ChronoUnit.DAYS);
            Level level = levels.get(day);
            if (level == null || level.at().isBefore(now.minus(RECHECK)) || end.isAfter(now.minus(SETTLED))
                    || level.from().isAfter(later(day, from)) || level.to().isBefore(earlier(end, to))) {
                break;
            }
            cursor = earlier(end, to);
        }
        return cursor;
    }

    /** Remembers the part of each settled day in [from, to) as level at {@code now}. */
    private void markLevel(Instant from, Instant to, Instant now) {
        levels.keySet().removeIf(day -> day.isBefore(now.minus(MAX_REMEMBERED)));
        for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(1, ChronoUnit.DAYS)) {
            Instant end = day.plus(1, ChronoUnit.DAYS);
            if (!end.isAfter(now.minus(SETTLED))) {
                levels.put(day, new Level(later(day, from), earlier(end, to), now));
            }
        }
    }

    /** The part [from, to) of a day found level at {@code at}. */
    private record Level(Instant from, Instant to, Instant at) {
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
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
