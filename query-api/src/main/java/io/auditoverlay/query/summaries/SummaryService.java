package io.auditoverlay.query.summaries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

import javax.sql.DataSource;

import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code insights.daily_summary}. */
@ApplicationScoped
public class SummaryService {

    public static final String CHAIN = "*";

    private final DataSource dataSource;

    public SummaryService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The summary of a date ({@code YYYY-MM-DD}, today, yesterday) for a branch, or the chain when absent. */
    public SummaryView get(Caller caller, String date, String branch) {
        LocalDate day = Params.date("date", date, Instant.now());
        String b = branch == null || branch.isBlank() ? CHAIN : branch.strip();
        // The chain-wide summary contains every branch's figures: not for a restricted caller.
        if (!caller.sees(CHAIN.equals(b) ? null : b)) {
            throw ApiException.notFound("no summary for branch " + Params.clip(b) + " on " + day
                    + (CHAIN.equals(b) ? " (name one of your branches)" : ""));
        }
        String sql = "SELECT branch_id, summary_date, facts::text AS facts, text, written_by, generated_at "
                + "FROM insights.daily_summary WHERE branch_id = ? AND summary_date = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, b);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("no summary for branch " + Params.clip(b) + " on " + day + " (yet)");
                }
                return new SummaryView(rs.getString("branch_id"), rs.getObject("summary_date", LocalDate.class),
                        rs.getString("facts"), rs.getString("text"), rs.getString("written_by"), Rows.instant(rs, "generated_at"));
            }
        } catch (SQLException e) {
            throw Rows.failure("reading a daily summary", e);
        }
    }
}
