package io.auditoverlay.e2e.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.e2e.dashboard.PipelineData.Tx;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;

/**
 * The dashboard in a real browser on data from the real pipeline: sign in, walk every page, triage
 * an anomaly, and a branch manager who sees nothing of another branch. A screenshot of each page is
 * kept under target/dashboard-screenshots. Needs {@code ./overlay infra} and Chromium
 * (deploy/local/install-test-tools.sh).
 */
class DashboardBrowserIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DB = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test");
    private static final String AUDITOR = "auditor-" + UUID.randomUUID();
    private static final String MANAGER = "manager-" + UUID.randomUUID();
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static ServiceProcess queryApi;
    private static PipelineData data;
    private static Tx mySale;
    private static Tx otherSale;
    private static Tx myWriteOff;
    private static UUID myAnomaly;
    private static UUID otherAnomaly;

    @BeforeAll
    static void pipeline() throws Exception {
        String jdbc = "jdbc:postgresql://" + System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("AUDIT_DB_PORT", "5432") + "/" + DB;
        PipelineData.insightsSchema(jdbc);
        Path tokens = Files.writeString(Files.createDirectories(Path.of("target")).resolve("dashboard-tokens-" + RUN + ".txt"),
                sha256(AUDITOR) + " e2e-auditor-" + RUN + " auditor\n" + sha256(MANAGER) + " e2e-manager-" + RUN + " branch-manager 1\n");
        String topic = "audit.changes.dashboard-" + RUN;
        SERVICES.add(start("normalizer-service", Map.of("NORMALIZER_GROUP_ID", "dashboard-normalizer-" + RUN,
                "MP_MESSAGING_INCOMING_RAW_AUTO_OFFSET_RESET", "latest", "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", topic)));
        SERVICES.add(start("inference-service", Map.of("INFERENCE_GROUP_ID", "dashboard-inference-" + RUN,
                "INFERENCE_CHANGES_TOPIC", topic)));
        // The simulator's users and sale numbers are shared by every e2e test writing into this trail:
        // user 2's newest 50 events (a trace page's default) need not include this run's write-off.
        queryApi = start("query-api", Map.of("AUDIT_TOKENS_FILE", tokens.toString(),
                "AUDIT_LOG_FILE", Path.of("target", "dashboard-query-api-" + RUN + ".json.log").toAbsolutePath().toString(),
                "AUDIT_DASHBOARD_TRACE_MAX_EVENTS", "200"));
        SERVICES.add(queryApi);
        Thread.sleep(5000); // the normalizer's consumer resolves "latest" once it holds its partitions
        data = new PipelineData(queryApi.port(), AUDITOR, jdbc);

        PipelineData.sale(1, 1, List.of(1L, 3L));
        mySale = data.stored(PosWrites.lastGtid(), 3);
        PipelineData.sale(2, 5, List.of(2L));
        otherSale = data.stored(PosWrites.lastGtid(), 2);
        PosWrites.adjustment(1, 3, 2, -2, "THEFT");
        myWriteOff = data.stored(PosWrites.lastGtid(), 1);
        PosWrites.adjustment(2, 4, 5, -1, "THEFT");
        Tx otherWriteOff = data.stored(PosWrites.lastGtid(), 1);
        myAnomaly = data.anomaly("1", "HIGH", myWriteOff.ofType("inventory.adjusted"),
                "2 units of schedule II product 3 written off as THEFT at branch 1 (run " + RUN + ").");
        otherAnomaly = data.anomaly("2", "CRITICAL", otherWriteOff.ofType("inventory.adjusted"),
                "1 unit of schedule IV product 4 written off as THEFT at branch 2 (run " + RUN + ").");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess s : SERVICES) {
            s.close();
        }
    }

    private static ServiceProcess start(String module, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AUDIT_DB_NAME", DB);
        return ServiceProcess.start(ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                Path.of("target/dashboard-" + module + "-" + RUN + ".log"), all);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAuditorWalksEveryPageAndTriagesAnAnomaly() throws Exception {
        try (Browser b = new Browser("http://127.0.0.1:" + queryApi.port())) {
            b.open("/ui/overview");
            assertEquals("/ui/sign-in", b.path(), "no session: the sign-in page");
            b.screenshot("sign-in");
            b.signIn(AUDITOR);
            assertEquals("/ui/overview", b.path());
            assertTrue(b.find("#who").getText().contains("e2e-auditor-" + RUN));
            assertTrue(b.find("#branches").getText().contains("2"), "every branch for an auditor");
            assertTrue(b.has("#sales-chart") && b.has("#freshness"), "charts and pipeline freshness");
            b.screenshot("overview");

            b.open("/ui/anomalies?status=OPEN");
            assertTrue(b.find("#anomalies").getText().contains("controlled-substance-adjustment"));
            b.screenshot("anomalies");
            b.open("/ui/anomalies/" + myAnomaly);
            assertTrue(b.find("#explanation").getText().contains("run " + RUN));
            assertTrue(b.find("#evidence").getText().contains("inventory.adjusted"));
            b.screenshot("anomaly");

            b.clickAndLoad("#evidence .trace-link");
            assertEquals("/ui/trace", b.path());
            assertTrue(b.text().contains("inventory_adjustments") && b.has(".binlog") && b.has("td.after"),
                    "down to the binlog rows with their values");
            b.screenshot("trace-evidence");
            String saleId = mySale.ofType("sale.completed").path("subjectId").asText();
            b.open("/ui/trace?sale=" + saleId);
            assertTrue(b.text().contains("sale.completed") && b.text().contains("sale_items"));
            b.screenshot("trace-sale");
            b.open("/ui/trace?product=3&branch=1");
            assertTrue(b.text().contains("inventory.adjusted"));
            b.open("/ui/trace?user=2");
            // User 2 acts in every e2e test sharing this trail: their newest events need not be this run's.
            assertTrue(b.has(".binlog") && b.has("td.after"), "a user's trace down to the binlog rows");
            b.open("/ui/trace?transaction=" + URLEncoder.encode("pos:" + mySale.gtid(), StandardCharsets.UTF_8));
            assertTrue(b.text().contains("Source transaction pos:" + mySale.gtid()));
            b.screenshot("trace-transaction");

            b.open("/ui/summaries?branch=1");
            assertTrue(b.has("#summary") || b.has("#empty"), "a summary, or a clear empty state");
            b.screenshot("summaries");
            // Other e2e tests write off stock at branch 1 too: the page is narrowed to this run's transaction.
            String writeOffTx = myWriteOff.ofType("inventory.adjusted").path("transactionId").asText();
            b.open("/ui/events?branch=1&type=inventory.adjusted&transaction=" + URLEncoder.encode(writeOffTx, StandardCharsets.UTF_8));
            assertTrue(b.find("#events").getText().contains("THEFT"), "this run's write-off, with its reason");
            b.screenshot("events");

            b.open("/ui/export");
            b.screenshot("export");
            b.find("#download").click();
            Path csv = await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (var files = Files.list(Browser.DOWNLOADS)) {
                    return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
                }
            }, Objects::nonNull);
            assertTrue(Files.readString(csv).contains(myWriteOff.ofType("inventory.adjusted").path("id").asText()));

            b.open("/ui/anomalies/" + myAnomaly);
            b.find("#note").sendKeys("Counted the safe with the pharmacist: 2 missing, police report filed.");
            b.clickAndLoad("#acknowledge");
            assertTrue(b.find("#done").getText().contains("ACKNOWLEDGED"));
            assertTrue(b.find("#history").getText().contains("police report filed"));
            b.find("#note").sendKeys("Stock found in the returns tray; count corrected.");
            b.clickAndLoad("#dismiss");
            assertTrue(b.find("#status").getText().startsWith("DISMISSED"));
            assertTrue(b.find("#history").getText().contains("returns tray"));
            b.screenshot("anomaly-dismissed");

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                b.open("/ui/access-log?actor=e2e-auditor-" + RUN + "&channel=UI");
                return b.has("#access-log") && b.find("#access-log").getText().contains("/ui/anomalies/" + myAnomaly + "/status");
            });
            b.screenshot("access-log");
            b.signOut();
            assertEquals("/ui/sign-in", b.path());
        }
        serverTimes();
    }

    /** Server time of the pages just walked, as the access log recorded it. */
    private static void serverTimes() throws Exception {
        var http = HttpClient.newHttpClient();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryApi.port()
                + "/api/v1/access-log?channel=UI&limit=500&actor=e2e-auditor-" + RUN)).header("Authorization", "Bearer " + AUDITOR)
                .build(), HttpResponse.BodyHandlers.ofString());
        List<Integer> times = new ArrayList<>();
        for (var row : AuditJson.mapper().readTree(response.body()).path("items")) {
            if ("GET".equals(row.path("method").asText()) && row.path("status").asInt() == 200
                    && !row.path("path").asText().contains("/download")) {
                times.add(row.path("durationMs").asInt());
                System.out.printf("dashboard page %s?%s: %d ms%n", row.path("path").asText(), row.path("query").asText(""),
                        row.path("durationMs").asInt());
            }
        }
        times.sort(null);
        assertTrue(times.size() >= 10, "pages recorded: " + times);
        System.out.printf("dashboard pages: %d, median %d ms, max %d ms%n", times.size(), times.get(times.size() / 2),
                times.get(times.size() - 1));
        assertTrue(times.get(times.size() / 2) <= 300, "median server time over 300 ms: " + times);
    }

    @Test
    void aBranchManagerSeesNothingOfAnotherBranch() throws Exception {
        try (Browser b = new Browser("http://127.0.0.1:" + queryApi.port())) {
            b.signIn(MANAGER);
            assertTrue(b.find("#who").getText().contains("branches 1"));
            String overview = b.find("#branches").getText();
            assertFalse(overview.lines().anyMatch(l -> l.startsWith("2 ")), "no row of branch 2:\n" + overview);
            assertFalse(b.has("a[href='/ui/access-log']"));
            b.screenshot("manager-overview");
            b.open("/ui/anomalies");
            String list = b.text();
            assertTrue(list.contains("run " + RUN) && !list.contains("branch 2 (run " + RUN));
            b.open("/ui/anomalies/" + otherAnomaly);
            assertTrue(b.find("#problem").getText().contains("404"));
            b.screenshot("manager-other-branch-anomaly");
            // By its transaction: a sale number of branch 2 may be a sale of branch 1 too (the trail is shared).
            b.open("/ui/trace?transaction=" + URLEncoder.encode("pos:" + otherSale.gtid(), StandardCharsets.UTF_8));
            assertTrue(b.find("#problem").getText().contains("404"));
            b.open("/ui/events?branch=2");
            assertTrue(b.find("#problem").getText().contains("404"));
            b.open("/ui/events?type=sale.completed");
            assertFalse(b.text().contains(otherSale.ofType("sale.completed").path("id").asText()));
            b.open("/ui/access-log");
            assertTrue(b.find("#problem").getText().contains("403"));
            b.screenshot("manager-access-log-refused");
        }
    }
}
