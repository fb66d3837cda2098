package io.auditoverlay.ai.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ai.config.SummaryConfig;
import io.auditoverlay.ai.llm.Narration;
import io.auditoverlay.ai.llm.Narrator;
import io.auditoverlay.ai.reference.ReferenceDataLoader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes, writes and stores daily summaries (insights.daily_summary). */
@ApplicationScoped
public class DailySummaryService {

    static final String TASK = "Write the end-of-day summary of this pharmacy for its loss-prevention and compliance staff: "
            + "sales, voids and refunds, the comparison with the same weekday last week, and the most serious anomalies.";

    private final SummaryFacts facts;
    private final Narrator narrator;
    private final ReferenceDataLoader reference;
    private final SummaryConfig config;
    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public DailySummaryService(SummaryFacts facts, Narrator narrator, ReferenceDataLoader reference, SummaryConfig config,
            AgroalDataSource dataSource, ObjectMapper mapper) {
        this.facts = facts;
        this.narrator = narrator;
        this.reference = reference;
        this.config = config;
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public ZoneId zoneOf(String branch) {
        return SummaryFacts.CHAIN.equals(branch) ? ZoneId.of(config.chainZone()) : reference.current().branch(branch).zone();
    }

    /** Computes and stores (replacing an earlier one) the summary of a branch's local date. */
    public DailySummary generate(String branch, LocalDate date) {
        Map<String, Object> dayFacts = facts.compute(branch, date, zoneOf(branch));
        Narration narration = narrator.narrate(Narrator.SUMMARY, TASK, dayFacts, SummaryTemplate.render(dayFacts));
        Instant retryAt = narrator.retryAt(narration, date.plusDays(1).atStartOfDay(zoneOf(branch)).toInstant()).orElse(null);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO insights.daily_summary (branch_id, summary_date, facts, text, written_by, generated_at, llm_retry_at)
                VALUES (?, ?, ?::jsonb, ?, ?, now(), ?)
                ON CONFLICT (branch_id, summary_date) DO UPDATE SET facts = EXCLUDED.facts, text = EXCLUDED.text,
                    written_by = EXCLUDED.written_by, generated_at = EXCLUDED.generated_at, llm_retry_at = EXCLUDED.llm_retry_at
                """)) {
            ps.setString(1, branch);
            ps.setDate(2, Date.valueOf(date));
            ps.setString(3, mapper.writeValueAsString(dayFacts));
            ps.setString(4, narration.text());
            ps.setString(5, narration.writtenBy());
            ps.setTimestamp(6, retryAt == null ? null : Timestamp.from(retryAt));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot store summary: " + e.getMessage(), e);
        }
        Log.infof("daily summary branch=%s date=%s written_by=%s outcome=%s", branch, date, narration.writtenBy(), narration.outcome());
        return find(branch, date).orElseThrow();
    }

    /**
     * Writes again the summaries whose text is the template because the model was unavailable and
     * whose retry time has come (at most {@code limit}); returns how many the model wrote this time.
     */
    public int retryDue(Instant now, int limit) {
        List<Map.Entry<String, LocalDate>> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT branch_id, summary_date FROM insights.daily_summary WHERE llm_retry_at <= ? ORDER BY llm_retry_at LIMIT " + limit)) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(Map.entry(rs.getString(1), rs.getDate(2).toLocalDate()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read summaries to retry: " + e.getMessage(), e);
        }
        int written = 0;
        for (Map.Entry<String, LocalDate> d : due) {
            if (!Narration.TEMPLATE.equals(generate(d.getKey(), d.getValue()).writtenBy())) {
                written++;
            }
        }
        return written;
    }

    public Optional<DailySummary> find(String branch, LocalDate date) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT facts::text, text, written_by, generated_at FROM insights.daily_summary WHERE branch_id = ? AND summary_date = ?")) {
            ps.setString(1, branch);
            ps.setDate(2, Date.valueOf(date));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DailySummary(branch, date, mapper.readValue(rs.getString(1), new TypeReference<Map<String, Object>>() { }),
                        rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read summary: " + e.getMessage(), e);
        }
    }
}
