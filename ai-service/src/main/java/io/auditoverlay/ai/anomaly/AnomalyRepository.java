package io.auditoverlay.ai.anomaly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** insights.anomaly: idempotent batch insert, and the reads the other jobs need. */
@ApplicationScoped
public class AnomalyRepository {

    /**
     * One statement per batch: the rows travel as one JSON array, so RETURNING tells exactly which
     * ids were new (a redelivered batch returns none).
     */
    private static final String INSERT = """
            INSERT INTO insights.anomaly (id, detector, severity, score, branch_id, subject_type, subject_id,
                                          window_start, window_end, evidence, explanation, detected_at)
            SELECT r.id, r.detector, r.severity, r.score, r.branch_id, r.subject_type, r.subject_id,
                   r.window_start, r.window_end, COALESCE(r.evidence, '{}'), r.explanation, r.detected_at
            FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, detector text, severity text, score double precision,
                 branch_id text, subject_type text, subject_id text, window_start timestamptz, window_end timestamptz,
                 evidence uuid[], explanation text, detected_at timestamptz)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """;
    private static final String COLUMNS =
            "id, detector, severity, score, branch_id, subject_type, subject_id, window_start, window_end, evidence, explanation, detected_at";

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public AnomalyRepository(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** Inserts what is new and returns those (in input order); known ids are skipped. */
    public List<Anomaly> insertNew(List<Anomaly> anomalies) {
        if (anomalies.isEmpty()) {
            return List.of();
        }
        Set<UUID> inserted = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, json(anomalies));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store anomalies: " + e.getMessage(), e);
        }
        return anomalies.stream().filter(a -> inserted.contains(a.id())).toList();
    }

    /** Anomalies whose window overlaps [from, to). */
    public List<Anomaly> overlapping(Instant from, Instant to) {
        return query("SELECT " + COLUMNS + " FROM insights.anomaly WHERE window_start < ? AND window_end >= ?",
                Timestamp.from(to), Timestamp.from(from));
    }

    /** Anomalies no model or template has explained yet, oldest first. */
    public List<Anomaly> unexplained(int limit) {
        return query("SELECT " + COLUMNS + " FROM insights.anomaly WHERE explained_by IS NULL ORDER BY detected_at LIMIT " + limit);
    }

    /**
     * Anomalies whose model explanation is due to be tried again at {@code now}: the most severe
     * first, and among those the newest (what an analyst works on now). After an outage thousands
     * may be queued (a retry that fails is planned again, so the queue would otherwise go round in
     * the order of the failures); the older ones follow as the model keeps answering.
     */
    public List<Anomaly> retryDue(Instant now, int limit) {
        return query("SELECT " + COLUMNS + " FROM insights.anomaly WHERE llm_retry_at <= ? ORDER BY "
                + "CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END, detected_at DESC LIMIT "
                + limit, Timestamp.from(now));
    }

    public Anomaly find(UUID id) {
        List<Anomaly> found = query("SELECT " + COLUMNS + " FROM insights.anomaly WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** @param retryAt when to ask the model again (its text is the template until then); null: final */
    public void storeExplanation(UUID id, String text, String writtenBy, Instant retryAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE insights.anomaly SET llm_explanation = ?, explained_by = ?, explained_at = now(), llm_retry_at = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setString(2, writtenBy);
            ps.setTimestamp(3, retryAt == null ? null : Timestamp.from(retryAt));
            ps.setObject(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store explanation: " + e.getMessage(), e);
        }
    }

    private List<Anomaly> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Anomaly> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array evidence = rs.getArray("evidence");
                    out.add(new Anomaly(rs.getObject("id", UUID.class), rs.getString("detector"),
                            Severity.valueOf(rs.getString("severity")), rs.getDouble("score"), rs.getString("branch_id"),
                            rs.getString("subject_type"), rs.getString("subject_id"), instant(rs, "window_start"),
                            instant(rs, "window_end"),
                            evidence == null ? List.of() : Arrays.stream((Object[]) evidence.getArray()).map(UUID.class::cast).toList(),
                            rs.getString("explanation"), instant(rs, "detected_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read anomalies: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private String json(List<Anomaly> anomalies) {
        ArrayNode rows = mapper.createArrayNode();
        for (Anomaly a : anomalies) {
            ObjectNode row = rows.addObject();
            row.put("id", a.id().toString());
            row.put("detector", a.detector());
            row.put("severity", a.severity().name());
            row.put("score", Double.isFinite(a.score()) ? a.score() : 0.0);
            row.put("branch_id", a.branchId());
            row.put("subject_type", a.subjectType());
            row.put("subject_id", a.subjectId());
            row.put("window_start", a.windowStart() == null ? null : a.windowStart().toString());
            row.put("window_end", a.windowEnd() == null ? null : a.windowEnd().toString());
            ArrayNode evidence = row.putArray("evidence");
            a.evidence().forEach(id -> evidence.add(id.toString()));
            row.put("explanation", a.explanation());
            row.put("detected_at", a.detectedAt().toString());
        }
        try {
            return mapper.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
