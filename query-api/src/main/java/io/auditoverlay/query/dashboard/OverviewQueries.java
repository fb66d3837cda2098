package io.auditoverlay.query.dashboard;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Overview's aggregates, each bounded by a time window so that an index range is read, not
 * the table; the closed days of the window are cached and kept warm in the background, so a page
 * view reads only today. The one place that knows where the figures come from (business events).
 */
@ApplicationScoped
public class OverviewQueries {

    private static final String NUM = "CASE WHEN attributes->>'%1$s' ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (attributes->>'%1$s')::numeric END";

    private static final String DAILY = """
            SELECT branch_id, (occurred_at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE type = 'sale.completed') AS sales,
                   coalesce(sum(%s) FILTER (WHERE type = 'sale.completed'), 0) AS sales_value,
                   count(*) FILTER (WHERE type = 'sale.voided') AS voids,
                   count(*) FILTER (WHERE type = 'sale.refunded') AS refunds,
                   count(*) FILTER (WHERE type = 'inventory.adjusted' AND upper(coalesce(attributes->>'reason', '')) <> 'SALE') AS adjustments,
                   count(*) FILTER (WHERE type = 'inventory.adjusted' AND coalesce(attributes->>'schedule', '') <> ''
                                    AND upper(coalesce(attributes->>'reason', '')) <> 'SALE' AND %s < 0) AS controlled
            FROM business.business_event
            WHERE occurred_at >= ? AND occurred_at < ? AND branch_id IS NOT NULL AND (?::text[] IS NULL OR branch_id = ANY (?::text[]))
            GROUP BY 1, 2 ORDER BY 1, 2""".formatted(NUM.formatted("total"), NUM.formatted("delta"));

    private static final String REASONS = """
            SELECT branch_id, coalesce(upper(attributes->>'reason'), 'UNKNOWN') AS reason, count(*)
            FROM business.business_event
            WHERE type = 'inventory.adjusted' AND occurred_at >= ? AND occurred_at < ?
              AND upper(coalesce(attributes->>'reason', '')) <> 'SALE' AND (?::text[] IS NULL OR branch_id = ANY (?::text[]))
            GROUP BY 1, 2""";

    private static final String OPEN_ANOMALIES = """
            SELECT severity, count(*) FROM insights.anomaly
            WHERE status = 'OPEN' AND (?::text[] IS NULL OR branch_id = ANY (?::text[]))
            GROUP BY 1""";

    /**
     * The newest rows of the window only: an hour normally holds a few thousand row changes, but a
     * bulk update or a history written at once can put hundreds of thousands in it (0.6 s to count).
     */
    static final int FRESHNESS_ROWS = 20_000;

    private static final String FRESHNESS = """
            SELECT source, max(committed_at) AS committed, max(captured_at) AS captured, count(*) AS rows
            FROM (SELECT source, committed_at, captured_at FROM changes.change_event
                  WHERE committed_at >= ? AND (?::text[] IS NULL OR branch_id = ANY (?::text[]))
                  ORDER BY committed_at DESC LIMIT %d) newest
            GROUP BY 1 ORDER BY 1""".formatted(FRESHNESS_ROWS);

    /** One branch's figures of one UTC day. */
    public record Day(String branch, LocalDate day, long sales, BigDecimal salesValue, long voids, long refunds,
                      long adjustments, long controlled) {
    }

    /** The newest stored change of a source within the freshness window. */
    public record Freshness(String source, Instant newestCommitted, Instant newestCaptured, long rowsInWindow, boolean capped) {
    }

    /** One branch's count of one adjustment reason. */
    record Reason(String branch, String reason, long count) {
    }

    /** One closed UTC day's figures (every branch), read once per {@link #CLOSED_TTL}. */
    private record Closed(LocalDate day, Instant readAt, List<Day> days, List<Reason> reasons) {
    }

    /** The Overview's window: the last seven UTC days, today the last of them. */
    public record Window(LocalDate today, Instant from, Instant todayStart, Instant to) {
        public static Window at(Instant now) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            return new Window(today, today.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    today.atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    /** Closed days barely change (a late event, a replay): their figures are cached this long. */
    static final Duration CLOSED_TTL = Duration.ofMinutes(5);
    private static final Caller EVERY_BRANCH = new Caller("overview", "auditor", Optional.empty());

    private final DataSource dataSource;
    /** Closed days by date: a UTC midnight adds one day to read, not seven. */
    private final Map<LocalDate, Closed> closed = new ConcurrentHashMap<>();
    private volatile boolean warmedOnce;

    public OverviewQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Per branch and UTC day in [from, to); the days before {@code today} come from a cache shared by
     * every caller (filtered to what the caller sees), today is read on every call.
     */
    public List<Day> daily(Caller caller, Instant from, Instant today, Instant to) {
        List<Day> out = new ArrayList<>(closed(from, today).stream().flatMap(c -> c.days().stream())
                .filter(d -> caller.sees(d.branch())).toList());
        out.addAll(days(caller, today, to));
        return out;
    }

    /** Adjustments (sales excluded) by reason in [from, to), most frequent first. */
    public Map<String, Long> adjustmentsByReason(Caller caller, Instant from, Instant today, Instant to) {
        List<Reason> all = new ArrayList<>(closed(from, today).stream().flatMap(c -> c.reasons().stream())
                .filter(r -> caller.sees(r.branch())).toList());
        all.addAll(reasons(caller, today, to));
        Map<String, Long> sums = new HashMap<>();
        all.forEach(r -> sums.merge(r.reason(), r.count(), Long::sum));
        Map<String, Long> out = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Reads each closed day of the window at {@code now} that is not cached yet or was read more than
     * {@link #CLOSED_TTL} ago, and forgets days that left the window. {@link OverviewWarmer} calls
     * it on a schedule from the start, so that no page view waits for the 7-day aggregation (at 90
     * days' volume about 1.5 s); readiness waits for its first run ({@link OverviewReadiness}).
     */
    public void warm(Instant now) {
        try {
            Window w = Window.at(now);
            closed.keySet().removeIf(day -> day.isBefore(w.today().minusDays(6)) || !day.isBefore(w.today()));
            for (LocalDate day = w.today().minusDays(6); day.isBefore(w.today()); day = day.plusDays(1)) {
                Closed c = closed.get(day);
                if (c == null || now.isAfter(c.readAt().plus(CLOSED_TTL))) {
                    closed.put(day, read(day));
                }
            }
        } finally {
            warmedOnce = true;
        }
    }

    /** Whether {@link #warm} has run once since the start (successfully or not). */
    public boolean warmedOnce() {
        return warmedOnce;
    }

    /** The closed days in [from, to) as {@link #warm} last read them; a day not read yet is read now. */
    private List<Closed> closed(Instant from, Instant to) {
        List<Closed> out = new ArrayList<>();
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); day.isBefore(end); day = day.plusDays(1)) {
            out.add(closed.computeIfAbsent(day, this::read));
        }
        return out;
    }

    private Closed read(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Closed(day, Instant.now(), days(EVERY_BRANCH, from, to), reasons(EVERY_BRANCH, from, to));
    }

    private List<Day> days(Caller caller, Instant from, Instant to) {
        List<Day> out = new ArrayList<>();
        query(DAILY, caller, rs -> out.add(new Day(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3),
                rs.getBigDecimal(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))), from, to);
        return out;
    }

    private List<Reason> reasons(Caller caller, Instant from, Instant to) {
        List<Reason> out = new ArrayList<>();
        query(REASONS, caller, rs -> out.add(new Reason(rs.getString(1), rs.getString(2), rs.getLong(3))), from, to);
        return out;
    }

    public Map<String, Long> openAnomaliesBySeverity(Caller caller) {
        Map<String, Long> out = new LinkedHashMap<>();
        query(OPEN_ANOMALIES, caller, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Per source: the newest change and the rows of the window ({@code capped}: more than counted). */
    public List<Freshness> freshness(Caller caller, Instant since) {
        List<Freshness> out = new ArrayList<>();
        query(FRESHNESS, caller, rs -> out.add(new Freshness(rs.getString(1), Rows.instant(rs, "committed"),
                Rows.instant(rs, "captured"), rs.getLong(4), false)), since);
        if (out.stream().mapToLong(Freshness::rowsInWindow).sum() < FRESHNESS_ROWS) {
            return out;
        }
        return out.stream().map(f -> new Freshness(f.source(), f.newestCommitted(), f.newestCaptured(), f.rowsInWindow(), true)).toList();
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** Binds the instants, then the caller's branches twice (null: every branch). */
    private void query(String sql, Caller caller, RowHandler handler, Instant... instants) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Instant t : instants) {
                ps.setTimestamp(i++, Timestamp.from(t));
            }
            Array branches = caller.branches().map(set -> {
                try {
                    return c.createArrayOf("text", set.toArray());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).orElse(null);
            ps.setArray(i++, branches);
            ps.setArray(i, branches);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw Rows.failure("reading the overview", e);
        }
    }
}
