package io.auditoverlay.e2e.dashboard;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.testing.PosWrites;

/**
 * The browser test's data, from the real pipeline: POS transactions committed in MariaDB, captured
 * by Debezium, normalized and inferred by the packaged services, read back through query-api. Only
 * the anomalies are written directly (as ai-service writes them, citing those business events):
 * ai-service's detectors run on hourly schedules that a test cannot wait for.
 */
final class PipelineData {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int queryApiPort;
    private final String token;
    private final String jdbcUrl;

    PipelineData(int queryApiPort, String token, String jdbcUrl) {
        this.queryApiPort = queryApiPort;
        this.token = token;
        this.jdbcUrl = jdbcUrl;
    }

    /** The insights schema, by ai-service's own migrations (ai-service itself is not started). */
    static void insightsSchema(String jdbcUrl) {
        Path migrations = Path.of("..", "ai-service", "src", "main", "resources", "db", "migration").toAbsolutePath();
        Flyway.configure().dataSource(jdbcUrl, user(), password()).schemas("insights")
                .locations("filesystem:" + migrations).load().migrate();
    }

    /** A branch's committed POS transaction and its business events once the pipeline has stored them. */
    record Tx(String gtid, JsonNode events) {
        JsonNode ofType(String type) {
            for (JsonNode t : events) {
                if (type.equals(t.path("event").path("type").asText())) {
                    return t.path("event");
                }
            }
            throw new AssertionError("no " + type + " in " + events);
        }
    }

    Tx stored(String gtid, int expected) {
        String id = URLEncoder.encode("pos:" + gtid, StandardCharsets.UTF_8);
        JsonNode events = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryApiPort
                    + "/api/v1/transactions/" + id)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? AuditJson.mapper().readTree(r.body()).path("businessEvents") : null;
        }, e -> e != null && e.size() >= expected);
        return new Tx(gtid, events);
    }

    static long sale(int branch, long cashier, List<Long> products) throws Exception {
        return PosWrites.sale(branch, cashier, products);
    }

    /** An anomaly as ai-service's controlled-substance detector writes it, citing a stored business event. */
    UUID anomaly(String branch, String severity, JsonNode evidence, String explanation) throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user(), password()); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO insights.anomaly (id, detector, severity, score, branch_id, subject_type, subject_id, window_start, "
                        + "window_end, evidence, explanation, status, detected_at) VALUES (?, 'controlled-substance-adjustment', ?, 2, ?, "
                        + "'product', ?, ?, ?, ?, ?, 'OPEN', ?)")) {
            ps.setObject(1, id);
            ps.setString(2, severity);
            ps.setString(3, branch);
            ps.setString(4, evidence.path("subjectId").asText());
            ps.setObject(5, OffsetDateTime.ofInstant(now.minusSeconds(3600), ZoneOffset.UTC));
            ps.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setArray(7, c.createArrayOf("uuid", new Object[] {UUID.fromString(evidence.path("id").asText())}));
            ps.setString(8, explanation);
            ps.setObject(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return id;
    }

    static String user() {
        return System.getenv().getOrDefault("AUDIT_DB_USER", "postgres");
    }

    static String password() {
        return System.getenv().getOrDefault("AUDIT_DB_PASSWORD", "");
    }
}
