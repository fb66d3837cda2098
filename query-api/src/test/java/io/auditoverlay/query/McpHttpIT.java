package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Inspector;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The MCP server over streamable HTTP, driven by the official MCP inspector CLI. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class McpHttpIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MINE = AuditSchemas.branch(1);
    static final String OTHER = AuditSchemas.branch(8);
    static long saleId;
    static String actor;

    @TestHTTPResource("/mcp")
    URL mcp;

    @BeforeAll
    static void data() {
        actor = "u" + TrailFixture.next();
        saleId = TrailFixture.next();
        Instant t = Instant.parse("2026-10-07T10:00:00Z");
        TrailFixture.Sale sale = TrailFixture.sale(MINE, saleId, actor, t);
        TrailFixture.anomaly(MINE, "CRITICAL", "OPEN", Instant.now(), List.of(sale.businessEventId()));
        TrailFixture.anomaly(OTHER, "CRITICAL", "OPEN", Instant.now(), List.of());
        TrailFixture.summary(MINE, LocalDate.of(2026, 10, 7), "Branch " + MINE + " sold 12 items.");
    }

    JsonNode call(String token, String tool, String... args) throws Exception {
        Inspector.Result r = run(token, tool, args);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        JsonNode result = JSON.readTree(r.stdout());
        assertFalse(result.path("isError").asBoolean(), r.stdout());
        return JSON.readTree(result.path("content").get(0).path("text").asText());
    }

    Inspector.Result run(String token, String tool, String... args) throws Exception {
        List<String> cli = new ArrayList<>(List.of(mcp.toString(), "--transport", "http"));
        if (token != null) {
            cli.addAll(List.of("--header", "Authorization: Bearer " + token));
        }
        cli.addAll(List.of("--method", "tools/call", "--tool-name", tool));
        for (String a : args) {
            cli.addAll(List.of("--tool-arg", a));
        }
        return Inspector.cli(cli);
    }

    @Test
    void listsTheFiveTools() throws Exception {
        Inspector.Result r = Inspector.cli(List.of(mcp.toString(), "--transport", "http", "--header",
                "Authorization: Bearer " + Tokens.AGENT, "--method", "tools/list"));
        assertEquals(0, r.exit(), r.stderr());
        JsonNode tools = JSON.readTree(r.stdout()).path("tools");
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asText()));
        assertEquals(List.of("export_events", "get_daily_summary", "list_anomalies", "search_events", "trace"),
                names.stream().sorted().toList());
    }

    @Test
    void toolsAnswerFromTheTrailAndAreRecorded() throws Exception {
        JsonNode trace = call(Tokens.AGENT, "trace", "ref=sale:" + saleId);
        assertEquals("sale.completed", trace.path("businessEvents").get(0).path("event").path("type").asText());
        assertEquals(7, trace.path("businessEvents").get(0).path("changes").size());
        assertEquals("mb.000001", trace.path("businessEvents").get(0).path("changes").get(0).path("position").path("file").asText());

        JsonNode summary = call(Tokens.AGENT, "get_daily_summary", "date=2026-10-07", "branch=" + MINE);
        assertTrue(summary.path("text").asText().contains(MINE));

        JsonNode events = call(Tokens.AGENT, "search_events", "actor=" + actor, "text=card");
        assertEquals(1, events.path("items").size());

        JsonNode export = call(Tokens.AGENT, "export_events", "from=2026-10-07", "to=2026-10-08", "branch=" + MINE);
        assertEquals(1, export.path("rows").asInt());
        assertTrue(export.path("data").asText().startsWith("id,type,branch_id"));

        JsonNode anomalies = call(Tokens.AGENT, "list_anomalies", "severity=CRITICAL", "branch=" + MINE, "limit=100000");
        assertTrue(anomalies.path("limit").asInt() <= 100, "bounded");
        assertTrue(anomalies.path("items").size() >= 1);

        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT tool, transport, result_bytes, arguments->>'ref' AS ref FROM api.tool_call "
                        + "WHERE caller = 'test-agent' AND tool = 'trace' AND arguments->>'ref' = ?")) {
            ps.setString(1, "sale:" + saleId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the trace call is recorded");
                assertEquals("STREAMABLE_HTTP", rs.getString("transport"));
                assertTrue(rs.getInt("result_bytes") > 1000);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM api.access_log WHERE channel = 'MCP' AND actor = 'test-agent' AND role = 'ai-agent' "
                            + "AND tool = 'trace' AND arguments->>'ref' = ? AND status = 200 AND bytes > 1000")) {
                ps.setString(1, "sale:" + saleId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        String metrics = RestAssured.given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("audit_mcp_tool_calls_total") && l.contains("tool=\"trace\"")
                && l.contains("outcome=\"OK\"")), "tool calls are counted for Prometheus");
    }

    @Test
    void toolsKeepTheSameAccessControl() throws Exception {
        JsonNode mine = call(Tokens.MANAGER, "list_anomalies", "severity=CRITICAL");
        mine.path("items").forEach(a -> assertNotEquals(OTHER, a.path("branchId").asText()));
        Inspector.Result other = run(Tokens.MANAGER, "list_anomalies", "branch=" + OTHER);
        assertTrue(other.exit() != 0 || JSON.readTree(other.stdout()).path("isError").asBoolean(), other.stdout());
        Inspector.Result anonymous = run(null, "trace", "ref=sale:" + saleId);
        assertNotEquals(0, anonymous.exit(), "no token, no tools");
        Inspector.Result wrong = run("nope", "trace", "ref=sale:" + saleId);
        assertNotEquals(0, wrong.exit());
    }

    @Test
    void badArgumentsAreToolErrors() throws Exception {
        Inspector.Result r = run(Tokens.AGENT, "get_daily_summary", "date=03/10/2026");
        assertTrue(r.exit() != 0 || JSON.readTree(r.stdout()).path("isError").asBoolean(), r.stdout());
        assertTrue((r.stdout() + r.stderr()).contains("YYYY-MM-DD"), r.stdout() + r.stderr());
    }
}
