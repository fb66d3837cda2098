package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** insights.completeness_run: one row per run. */
@ApplicationScoped
public class CompletenessRuns {

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public CompletenessRuns(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    CompletenessReport record(CompletenessReport r) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO insights.completeness_run (source, started_at, finished_at, tables, chunks, source_rows, binlog_events,
                                                       findings, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            ps.setString(1, r.source());
            ps.setTimestamp(2, Timestamp.from(r.startedAt()));
            ps.setTimestamp(3, Timestamp.from(r.finishedAt()));
            ps.setInt(4, r.tables());
            ps.setInt(5, r.chunks());
            ps.setLong(6, r.sourceRows());
            ps.setLong(7, r.binlogEvents());
            ps.setInt(8, r.findings().size());
            Map<String, Object> detail = new java.util.LinkedHashMap<>(Map.of("findings", r.findings(), "newAnomalies", r.newAnomalies(),
                    "deferredChunks", r.deferred()));
            if (r.skipped() != null) {
                detail.put("skipped", r.skipped());
            }
            ps.setString(9, mapper.writeValueAsString(detail));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot record the completeness run: " + e.getMessage(), e);
        }
        return r;
    }

    /** The latest runs, newest first, as stored. */
    public List<Map<String, Object>> latest(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT source, started_at, finished_at, tables, chunks, source_rows, binlog_events, findings, detail::text
                FROM insights.completeness_run ORDER BY id DESC LIMIT ?""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.of("source", rs.getString(1), "startedAt", rs.getTimestamp(2).toInstant().toString(),
                            "finishedAt", rs.getTimestamp(3).toInstant().toString(), "tables", rs.getInt(4), "chunks", rs.getInt(5),
                            "sourceRows", rs.getLong(6), "binlogEvents", rs.getLong(7), "findings", rs.getInt(8),
                            "detail", mapper.readTree(rs.getString(9))));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read completeness runs: " + e.getMessage(), e);
        }
        return out;
    }
}
