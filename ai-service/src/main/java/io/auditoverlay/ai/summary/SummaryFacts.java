package io.auditoverlay.ai.summary;

import io.auditoverlay.ai.config.SummaryConfig;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The facts of a branch's (or the chain's, branch {@code *}) local day, computed in SQL: totals,
 * counts by type, adjustments by reason, top anomalies, and the change against the same weekday
 * a week before. Amounts are read defensively: a non-numeric attribute counts as absent.
 */
@ApplicationScoped
public class SummaryFacts {

    public static final String CHAIN = "*";
    private static final String NUM = "CASE WHEN attributes->>'%1$s' ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (attributes->>'%1$s')::numeric END";

    private final AgroalDataSource dataSource;
    private final String table;
    private final SummaryConfig config;

    public SummaryFacts(AgroalDataSource dataSource, BusinessEventRepository events, SummaryConfig config) {
        this.dataSource = dataSource;
        this.table = events.table();
        this.config = config;
    }

    public Map<String, Object> compute(String branch, LocalDate date, ZoneId zone) {
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("branch", branch);
            facts.put("date", date.toString());
            facts.put("weekday", date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            facts.put("timezone", zone.getId());
            Map<String, Object[]> byType = byType(c, branch, start, end);
            Object[] sales = byType.getOrDefault("sale.completed", new Object[] {0L, null, null, null});
            Object[] refunds = byType.getOrDefault("sale.refunded", new Object[] {0L, null, null, null});
            facts.put("sales_count", sales[0]);
            facts.put("sales_value", money((BigDecimal) sales[1]));
            facts.put("discount_total", money((BigDecimal) sales[2]));
            facts.put("voids", byType.getOrDefault("sale.voided", new Object[] {0L})[0]);
            facts.put("refunds_count", refunds[0]);
            facts.put("refunds_value", money((BigDecimal) refunds[3]));
            Map<String, Object> counts = new LinkedHashMap<>();
            byType.forEach((type, row) -> counts.put(type, row[0]));
            facts.put("events_by_type", counts);
            facts.put("adjustments_by_reason", adjustments(c, branch, start, end));
            Map<String, Object[]> previous = byType(c, branch, start.minus(Duration.ofDays(7)),
                    end.minus(Duration.ofDays(7)));
            Object[] before = previous.getOrDefault("sale.completed", new Object[] {0L, null, null, null});
            Map<String, Object> lastWeek = new LinkedHashMap<>();
            lastWeek.put("date", date.minusDays(7).toString());
            lastWeek.put("sales_count", before[0]);
            lastWeek.put("sales_value", money((BigDecimal) before[1]));
            lastWeek.put("sales_count_change_pct", pct((Long) sales[0], (Long) before[0]));
            lastWeek.put("sales_value_change_pct", pct(money((BigDecimal) sales[1]), money((BigDecimal) before[1])));
            facts.put("same_weekday_last_week", lastWeek);
            facts.put("anomalies", anomalies(c, branch, start, end));
            return facts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute summary facts: " + e.getMessage(), e);
        }
    }

    /** type → {count, sum(total), sum(discount), sum(amount)}. */
    private Map<String, Object[]> byType(Connection c, String branch, Instant start, Instant end) throws SQLException {
        String sql = "SELECT type, count(*), sum(" + NUM.formatted("total") + "), sum(" + NUM.formatted("discount") + "), sum("
                + NUM.formatted("amount") + ") FROM " + table
                + " WHERE occurred_at >= ? AND occurred_at < ? AND (? = '*' OR branch_id = ?) GROUP BY type ORDER BY type";
        Map<String, Object[]> out = new LinkedHashMap<>();
        try (PreparedStatement ps = bind(c.prepareStatement(sql), branch, start, end); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)});
            }
        }
        return out;
    }

    private Map<String, Object> adjustments(Connection c, String branch, Instant start, Instant end) throws SQLException {
        String sql = "SELECT coalesce(upper(attributes->>'reason'), 'UNKNOWN'), count(*) FROM " + table
                + " WHERE type = 'inventory.adjusted' AND occurred_at >= ? AND occurred_at < ? AND (? = '*' OR branch_id = ?)"
                + " GROUP BY 1 ORDER BY 1";
        Map<String, Object> out = new LinkedHashMap<>();
        try (PreparedStatement ps = bind(c.prepareStatement(sql), branch, start, end); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private Map<String, Object> anomalies(Connection c, String branch, Instant start, Instant end) throws SQLException {
        String where = " FROM insights.anomaly WHERE window_start >= ? AND window_start < ? AND (? = '*' OR branch_id = ?)";
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> byDetector = new LinkedHashMap<>();
        long total = 0;
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT detector, count(*)" + where + " GROUP BY 1 ORDER BY 1"),
                branch, start, end); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byDetector.put(rs.getString(1), rs.getLong(2));
                total += rs.getLong(2);
            }
        }
        List<Map<String, Object>> top = new ArrayList<>();
        String topSql = "SELECT detector, severity, score, branch_id, subject_type, subject_id, explanation" + where
                + " ORDER BY array_position(ARRAY['CRITICAL','HIGH','MEDIUM','LOW'], severity), score DESC, id LIMIT "
                + config.topAnomalies();
        try (PreparedStatement ps = bind(c.prepareStatement(topSql), branch, start, end); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("detector", rs.getString(1));
                a.put("severity", rs.getString(2));
                a.put("score", Math.round(rs.getDouble(3) * 10) / 10.0);
                a.put("branch", rs.getString(4));
                a.put("subject", rs.getString(5) + " " + rs.getString(6));
                a.put("explanation", rs.getString(7));
                top.add(a);
            }
        }
        out.put("count", total);
        out.put("by_detector", byDetector);
        out.put("top", top);
        return out;
    }

    private static PreparedStatement bind(PreparedStatement ps, String branch, Instant start, Instant end) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(start));
        ps.setTimestamp(2, Timestamp.from(end));
        ps.setString(3, branch);
        ps.setString(4, branch);
        return ps;
    }

    private static BigDecimal money(BigDecimal value) {
        return (value == null ? BigDecimal.ZERO : value).setScale(2, RoundingMode.HALF_UP);
    }

    /** Percent change, one decimal; null when there is nothing to compare with. */
    private static BigDecimal pct(Number now, Number before) {
        BigDecimal b = new BigDecimal(before.toString());
        if (b.signum() == 0) {
            return null;
        }
        return new BigDecimal(now.toString()).subtract(b).multiply(BigDecimal.valueOf(100)).divide(b, 1, RoundingMode.HALF_UP);
    }
}
