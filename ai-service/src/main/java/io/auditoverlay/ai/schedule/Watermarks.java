package io.auditoverlay.ai.schedule;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** insights.job_watermark: the end of the last window each scheduled job completed. */
@ApplicationScoped
public class Watermarks {

    private final AgroalDataSource dataSource;

    public Watermarks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Instant> get(String job) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT done_until FROM insights.job_watermark WHERE job = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the watermark of " + job + ": " + e.getMessage(), e);
        }
    }

    /** Moves the watermark forward (never back: two instances, or a manual run, cannot undo progress). */
    public void advance(String job, Instant doneUntil) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO insights.job_watermark (job, done_until) VALUES (?, ?) ON CONFLICT (job) DO UPDATE "
                        + "SET done_until = greatest(job_watermark.done_until, excluded.done_until), updated_at = now()")) {
            ps.setString(1, job);
            ps.setTimestamp(2, Timestamp.from(doneUntil));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot advance the watermark of " + job + ": " + e.getMessage(), e);
        }
    }
}
