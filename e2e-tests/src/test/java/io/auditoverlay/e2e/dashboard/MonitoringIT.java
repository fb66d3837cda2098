package io.auditoverlay.e2e.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.e2e.dashboard.DashboardQueries.Query;
import io.auditoverlay.e2e.dashboard.PipelineData.Tx;
import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;

/**
 * No dead panel: a real Prometheus scrapes the five running services while POS traffic goes
 * through the pipeline, and every PromQL expression of the Pipeline dashboard returns a series and
 * every series an alert rule reads exists (the Business dashboard's SQL is query-api's
 * {@code BusinessPanelsTest}). Needs {@code ./overlay infra} and Debian's {@code prometheus}.
 */
class MonitoringIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DB = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test");
    private static final String JDBC = "jdbc:postgresql://" + System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("AUDIT_DB_PORT", "5432") + "/" + DB;
    private static final String AUDITOR = "auditor-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, ServiceProcess> SERVICES = new LinkedHashMap<>();
    private static final DashboardQueries QUERIES = new DashboardQueries(ROOT);
    private static PrometheusProcess prometheus;
    private static PipelineData data;

    @BeforeAll
    static void stackAndPrometheus() throws Exception {
        PipelineData.insightsSchema(JDBC);
        Path tokens = Files.writeString(Files.createDirectories(Path.of("target")).resolve("monitoring-tokens-" + RUN + ".txt"),
                sha256(AUDITOR) + " e2e-monitoring-" + RUN + " auditor\n");
        String topic = "audit.changes.monitoring-" + RUN;
        start("normalizer-service", Map.of("NORMALIZER_GROUP_ID", "monitoring-normalizer-" + RUN,
                "MP_MESSAGING_INCOMING_RAW_AUTO_OFFSET_RESET", "latest", "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", topic));
        start("inference-service", Map.of("INFERENCE_GROUP_ID", "monitoring-inference-" + RUN, "INFERENCE_CHANGES_TOPIC", topic));
        start("ai-service", Map.of("AUDIT_TOKENS_FILE", tokens.toString(), "AI_CONSUMER_GROUP", "monitoring-ai-" + RUN,
                "AUDIT_AI_LLM_ENABLED", "false", "AUDIT_AI_LLM_EXPLAIN_EVERY", "2s", "AUDIT_AI_ROLLUP_BACKFILL_ON_START", "false"));
        start("query-api", Map.of("AUDIT_TOKENS_FILE", tokens.toString(),
                "AUDIT_LOG_FILE", Path.of("target", "monitoring-query-api-" + RUN + ".json.log").toAbsolutePath().toString()));
        start("ingest-service", Map.of("AUDIT_INGEST_BRANCHES__MONITORING__TOKEN_SHA256", sha256("ingest-" + RUN),
                "AUDIT_INGEST_BRANCHES__MONITORING__TOPIC_PREFIX", "monitoring" + RUN));
        Map<String, Integer> targets = new LinkedHashMap<>();
        SERVICES.forEach((name, service) -> targets.put(name, service.port()));
        prometheus = PrometheusProcess.start(Path.of("target", "prometheus-" + RUN), targets, ROOT.resolve("deploy/prometheus/rules"),
                ServiceProcess.METRICS_TOKEN);
        Thread.sleep(5000); // the normalizer's consumer resolves "latest" once it holds its partitions
        data = new PipelineData(SERVICES.get("query-api").port(), AUDITOR, JDBC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (ServiceProcess service : SERVICES.values()) {
            service.close();
        }
    }

    @Test
    void everyPanelAndEveryAlertReadsSeriesThatExist() throws Exception {
        traffic();
        assertEquals(List.of(), prometheus.targetsDown(), "every service is scraped (with the metrics token)");
        for (Map.Entry<String, ServiceProcess> service : SERVICES.entrySet()) {
            assertEquals(401, service.getValue().get("/q/metrics").statusCode(), service.getKey() + ": anonymous /q/metrics");
            int asAuditor = service.getValue().get("/q/metrics", AUDITOR).statusCode();
            assertTrue(asAuditor == 401 || asAuditor == 403, service.getKey() + ": an auditor's token got " + asAuditor);
            assertEquals(200, service.getValue().get("/q/health/ready").statusCode(), service.getKey() + ": /q/health stays open");
        }
        List<String> dead = new ArrayList<>();
        List<Query> panels = QUERIES.pipelinePanels();
        assertTrue(panels.size() >= 30, "panel queries found: " + panels.size());
        // rate() needs two scrapes of a series after it moved: wait until the traffic's own rate shows.
        assertTrue(eventually(() -> prometheus.query("sum(rate(audit_normalizer_events_stored_total[5m])) > 0").size() > 0),
                "the stored-events rate never rose above 0");
        Thread.sleep(3000);
        for (Query q : panels) {
            if (prometheus.query(q.text()).isEmpty()) {
                dead.add(q.source() + ": " + q.text());
            }
        }
        List<Query> rules = QUERIES.alertRules();
        assertEquals(6, rules.size(), "alert rules");
        for (Query rule : rules) {
            for (String selector : DashboardQueries.selectors(rule.text())) {
                if (prometheus.query(selector).isEmpty()) {
                    dead.add(rule.source() + ": " + selector);
                }
            }
        }
        assertTrue(dead.isEmpty(), "queries that return no series:\n" + String.join("\n", dead));
    }

    private static boolean trafficDone;

    /** A sale, a void and a controlled write-off in two branches, an anomaly, REST, MCP and ingest calls. */
    private static synchronized void traffic() throws Exception {
        if (trafficDone) {
            return;
        }
        long sale = PipelineData.sale(1, 1, List.of(1L, 3L));
        data.stored(PosWrites.lastGtid(), 3);
        PosWrites.voidSale(sale, 3, "monitoring " + RUN);
        data.stored(PosWrites.lastGtid(), 2);
        PipelineData.sale(2, 5, List.of(2L));
        data.stored(PosWrites.lastGtid(), 2);
        PosWrites.adjustment(1, 3, 2, -1, "THEFT");
        Tx writeOff = data.stored(PosWrites.lastGtid(), 1);
        data.anomaly("1", "HIGH", writeOff.ofType("inventory.adjusted"), "monitoring run " + RUN);
        int queryApi = SERVICES.get("query-api").port();
        assertEquals(200, get(queryApi, "/api/v1/anomalies?limit=5", AUDITOR).statusCode());
        assertEquals(401, get(queryApi, "/api/v1/anomalies", null).statusCode());
        mcpCall(queryApi);
        int summary = get(SERVICES.get("ai-service").port(), "/api/summaries/" + LocalDate.now() + "?branch=1", AUDITOR).statusCode();
        assertTrue(summary == 200 || summary == 404, "ai-service summary: " + summary);
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICES.get("ingest-service").port()
                + "/ingest")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        trafficDone = true;
    }

    /** One MCP tool call over streamable HTTP, as an assistant makes it. */
    private static void mcpCall(int port) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + AUDITOR, "Content-Type", "application/json",
                "Accept", "application/json, text/event-stream"));
        HttpResponse<String> init = post(port, headers, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},
                 "clientInfo":{"name":"monitoring-it","version":"1"}}}""");
        assertEquals(200, init.statusCode(), init.body());
        init.headers().firstValue("Mcp-Session-Id").ifPresent(id -> headers.put("Mcp-Session-Id", id));
        post(port, headers, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpResponse<String> call = post(port, headers, """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_anomalies","arguments":{"limit":5}}}""");
        assertEquals(200, call.statusCode(), call.body());
        assertFalse(call.body().isBlank());
    }

    private static HttpResponse<String> post(int port, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean eventually(Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static void start(String module, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AUDIT_DB_NAME", DB);
        SERVICES.put(module, ServiceProcess.start(ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                Path.of("target/monitoring-" + module + "-" + RUN + ".log"), all));
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
