package io.auditoverlay.ai.rollup;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.detect.stats.Series;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.detect.stats.SeriesSource;
import io.auditoverlay.ai.detect.stats.StatisticalDetector;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.auditoverlay.model.business.BusinessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The series in {@code insights.rollup_hourly}. Daily buckets are summed by PostgreSQL in the
 * branch's zone ({@code date_trunc('day', hour, zone)}); shorter buckets are read by the hour.
 * Every query is a range of the primary key (series, branch, hour).
 */
@ApplicationScoped
public class SqlSeriesSource implements SeriesSource {

    /** Candidate events read for one anomaly's evidence (a branch-day of sales fits). */
    private static final int EVIDENCE_SCAN = 20_000;

    private static final String DAILY = """
            SELECT subject_id, label, date_trunc('day', hour, ?) AS bucket,
                   sum(value), sum(squares), sum(cubes), sum(events)::int
              FROM insights.rollup_hourly
             WHERE series = ? AND branch_id = ? AND hour >= ? AND hour < ?
             GROUP BY 1, 2, 3""";
    private static final String HOURLY = """
            SELECT subject_id, label, hour, value, squares, cubes, events
              FROM insights.rollup_hourly
             WHERE series = ? AND branch_id = ? AND hour >= ? AND hour < ?""";

    private final AgroalDataSource dataSource;
    private final BusinessEventRepository events;

    public SqlSeriesSource(AgroalDataSource dataSource, BusinessEventRepository events) {
        this.dataSource = dataSource;
        this.events = events;
    }

    @Override
    public Map<String, Instant> firstSeen(Series series) {
        Map<String, Instant> first = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT branch_id, first_hour FROM insights.rollup_series WHERE series = ?")) {
            ps.setString(1, series.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read insights.rollup_series: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<SeriesKey, NavigableMap<Instant, Cell>> load(Series series, String branchId, ZoneId zone, int bucketHours,
            Instant from, Instant to) {
        boolean daily = bucketHours >= 24 && !(zone instanceof ZoneOffset offset && offset.getTotalSeconds() != 0);
        Map<SeriesKey, NavigableMap<Instant, Cell>> loaded = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(daily ? DAILY : HOURLY)) {
            int i = 1;
            if (daily) {
                ps.setString(i++, zone.getId());
            }
            ps.setString(i++, series.name());
            ps.setString(i++, branchId);
            ps.setTimestamp(i++, Timestamp.from(from));
            ps.setTimestamp(i, Timestamp.from(to));
            ps.setFetchSize(5_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getTimestamp(3).toInstant();
                    Instant bucket = daily ? at : StatisticalDetector.bucketOf(at, zone, bucketHours);
                    loaded.computeIfAbsent(new SeriesKey(branchId, rs.getString(1), rs.getString(2)), k -> new TreeMap<>())
                            .computeIfAbsent(bucket, b -> new Cell())
                            .merge(new Cell(rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getInt(7)));
                }
            }
            return loaded;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read insights.rollup_hourly: " + e.getMessage(), e);
        }
    }

    @Override
    public List<BusinessEvent> evidence(Series series, SeriesKey key, Instant from, Instant to, int limit) {
        if (series.types().isEmpty()) {
            return List.of();
        }
        return Evidence.select(series, key, events.inBranch(key.branchId(), series.types(), from, to, EVIDENCE_SCAN), limit);
    }
}
