package io.auditoverlay.ai.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ai.support.Ev;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.ai.support.OllamaStub;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.security.TokenTable;
import io.auditoverlay.model.testing.ServiceProcess;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * "The same prompt within 24 h does not call the model again, also after a restart": the packaged
 * service, started twice as a process of its own against a stub Ollama that records every call.
 * The first process asks the model for an explanation and a daily summary; the second, a new JVM
 * with nothing in memory, answers both from insights.llm_cache without a single call.
 *
 * <p>Needs PostgreSQL (database {@code audit_test}) and Kafka, as {@code mvn verify -Pit} expects.
 */
class LlmCacheRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "it-auditor-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static OllamaStub stub;
    private static PGSimpleDataSource db;

    @BeforeAll
    static void stubAndDatabase() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            stub = new OllamaStub(socket.getLocalPort());
        }
        stub.start();
        db = new PGSimpleDataSource();
        db.setUrl("jdbc:postgresql://%s:%s/%s".formatted(env("AUDIT_DB_HOST", "127.0.0.1"), env("AUDIT_DB_PORT", "5432"),
                env("AUDIT_TEST_DB_NAME", "audit_test")));
        db.setUser(env("AUDIT_DB_USER", "postgres"));
        Fixtures.create(db);
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.stop();
        }
    }

    @Test
    void aRestartedServiceAnswersTheSamePromptsFromTheCacheWithoutCallingTheModel() throws Exception {
        String branch = String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 999_999_999));
        Instant day = Instant.parse("2026-11-20T00:00:00Z").plusSeconds(86400L * ThreadLocalRandom.current().nextInt(0, 300));
        String date = day.toString().substring(0, 10);
        List<BusinessEvent> events = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            events.add(Ev.of("sale.completed").branch(branch).actor("7").subject("sale", branch + "-" + i)
                    .at(day.plusSeconds(12 * 3600 + 60L * i)).attr("total", new BigDecimal("6.50"))
                    .attr("discount", BigDecimal.ZERO).build());
        }
        events.add(Ev.of("sale.refunded").branch(branch).actor("7").subject("refund", "r-" + branch)
                .at(day.plusSeconds(15 * 3600)).attr("sale_id", "missing-" + branch).attr("amount", new BigDecimal("120.00"))
                .attr("reason", "customer return").build());
        Fixtures.insert(db, events);
        stub.answer(prompt -> prompt.contains("summary")
                ? "Branch " + branch + " recorded 2 sales worth 13.00 on " + date + "."
                : "User 7 refunded 120.00 at branch " + branch + " for a sale that never completed there.");

        JsonNode explained;
        JsonNode summarised;
        String anomaly;
        try (ServiceProcess first = start("first")) {
            post(first, "/api/detections?from=" + day + "&to=" + day.plusSeconds(86400));
            anomaly = single("SELECT id::text FROM insights.anomaly WHERE branch_id = ? AND detector = 'refund-without-sale'", branch);
            explained = post(first, "/api/anomalies/" + anomaly + "/explanation");
            summarised = post(first, "/api/summaries/" + date + "?branch=" + branch);
        }
        assertEquals("MODEL", explained.path("outcome").asText(), explained.toString());
        assertNotEquals("template", explained.path("writtenBy").asText(), explained.toString());
        assertNotEquals("template", summarised.path("writtenBy").asText(), summarised.toString());
        assertTrue(summarised.path("text").asText().contains("13.00"), summarised.toString());
        assertEquals(2, stub.requests().size(), "the first process asked the model once for each text");

        try (ServiceProcess second = start("second")) {
            JsonNode again = post(second, "/api/anomalies/" + anomaly + "/explanation");
            assertEquals("CACHED", again.path("outcome").asText(), again.toString());
            assertEquals(explained.path("text").asText(), again.path("text").asText());
            assertEquals(explained.path("writtenBy").asText(), again.path("writtenBy").asText());

            JsonNode summaryAgain = post(second, "/api/summaries/" + date + "?branch=" + branch);
            assertEquals(summarised.path("text").asText(), summaryAgain.path("text").asText());
            assertEquals(summarised.path("writtenBy").asText(), summaryAgain.path("writtenBy").asText());

            assertEquals(2, stub.requests().size(), "the restarted service called the model again");
            assertTrue(cachedNarrations(second) >= 2, "both answers were counted as served from the cache");
        }
    }

    private static ServiceProcess start(String name) throws Exception {
        return ServiceProcess.start(JAR, Path.of("target/llm-cache-restart-it-" + RUN + "-" + name + ".log"), Map.ofEntries(
                Map.entry("AUDIT_DB_NAME", env("AUDIT_TEST_DB_NAME", "audit_test")),
                // /api/* needs an auditor token: one of this run (the packaged service refuses the tests' demo tokens).
                Map.entry("AUDIT_SECURITY_TOKENS_ITAUDITOR_SHA256", TokenTable.sha256(TOKEN)),
                // It reads the fixtures of this test's own schema, which its role may not: the superuser's login.
                Map.entry("AUDIT_DB_USER", env("AUDIT_DB_USER", "postgres")),
                Map.entry("AUDIT_SECURITY_TOKENS_ITAUDITOR_ROLE", "auditor"),
                Map.entry("AUDIT_AI_SOURCE_BUSINESS_EVENT_TABLE", Fixtures.BUSINESS + ".business_event"),
                Map.entry("AUDIT_AI_SOURCE_CHANGE_EVENT_TABLE", Fixtures.CHANGES + ".change_event"),
                Map.entry("OLLAMA_BASE_URL", "http://127.0.0.1:" + stub.port()),
                // Nothing but the test's requests may reach the model.
                Map.entry("AUDIT_AI_DETECTION_EVERY", "off"),
                Map.entry("AUDIT_AI_SUMMARY_CHECK_EVERY", "off"),
                Map.entry("AUDIT_AI_LLM_EXPLAIN_EVERY", "off"),
                // Topics and group of its own: the stack's traffic never reaches it, nor its anomalies the stack.
                Map.entry("AI_CONSUMER_GROUP", "ai-cache-it-" + RUN),
                Map.entry("MP_MESSAGING_INCOMING_BUSINESS_EVENTS_TOPIC", "audit.business.ai-it"),
                Map.entry("MP_MESSAGING_INCOMING_BUSINESS_EVENTS_AUTO_OFFSET_RESET", "latest"),
                Map.entry("MP_MESSAGING_OUTGOING_ANOMALIES_TOPIC", "audit.anomalies.ai-it")));
    }

    private static JsonNode post(ServiceProcess service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** ai_llm_narrations_total{outcome="cached"}, over both kinds. */
    private static double cachedNarrations(ServiceProcess service) throws Exception {
        double sum = 0;
        for (String line : service.get("/q/metrics", ServiceProcess.METRICS_TOKEN).body().split("\n")) {
            if (line.startsWith("ai_llm_narrations_total{") && line.contains("outcome=\"cached\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String single(String sql, String param) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql + " found nothing for " + param);
                return rs.getString(1);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
