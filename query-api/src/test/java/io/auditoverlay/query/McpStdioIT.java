package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

/**
 * MCP on stdio through {@code auditctl mcp} (the packaged CLI), started and driven by the official
 * MCP inspector CLI, against this running query-api: the CLI holds only the URL and the token and
 * relays to /mcp; query-api checks the token and records the call.
 */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class McpStdioIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path AUDITCTL = Path.of("..", "auditctl", "target", "auditctl-all.jar").toAbsolutePath();
    static long saleId;

    @TestHTTPResource("/")
    URL url;

    @BeforeAll
    static void setUp() {
        saleId = TrailFixture.next();
        TrailFixture.sale(AuditSchemas.branch(3), saleId, "u1", Instant.parse("2026-10-09T08:00:00Z"));
    }

    Inspector.Result run(String token, String... method) throws Exception {
        assertTrue(Files.exists(AUDITCTL), AUDITCTL + " is built before query-api (mvn package -pl auditctl)");
        List<String> cli = new ArrayList<>();
        // Only what auditctl needs: where query-api is and the token. No database setting at all.
        for (String env : List.of("AUDIT_URL=" + url.toString(), "AUDIT_TOKEN=" + token, "PATH=" + System.getenv("PATH"))) {
            cli.addAll(List.of("-e", env));
        }
        cli.addAll(List.of(method));
        cli.addAll(List.of("--transport", "stdio", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AUDITCTL.toString(), "mcp"));
        return Inspector.cli(cli);
    }

    @Test
    void toolsWorkOverStdioAndAreRecorded() throws Exception {
        Inspector.Result list = run(Tokens.AGENT, "--method", "tools/list");
        assertEquals(0, list.exit(), list.stdout() + list.stderr());
        assertEquals(5, JSON.readTree(list.stdout()).path("tools").size());

        Inspector.Result call = run(Tokens.AGENT, "--method", "tools/call", "--tool-name", "trace", "--tool-arg", "ref=sale:" + saleId);
        assertEquals(0, call.exit(), call.stdout() + call.stderr());
        JsonNode result = JSON.readTree(call.stdout());
        assertFalse(result.path("isError").asBoolean(), call.stdout());
        JsonNode trace = JSON.readTree(result.path("content").get(0).path("text").asText());
        assertEquals(7, trace.path("businessEvents").get(0).path("changes").size());

        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT transport, result_bytes FROM api.tool_call WHERE caller = 'test-agent' AND arguments->>'ref' = ?")) {
            ps.setString(1, "sale:" + saleId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "recorded by query-api");
                assertNotEquals("STDIO", rs.getString("transport"), "the call reached query-api over HTTP");
                assertTrue(rs.getInt("result_bytes") > 1000);
            }
        }
    }

    @Test
    void anUnknownTokenGetsNoData() throws Exception {
        Inspector.Result call = run("wrong-token", "--method", "tools/call", "--tool-name", "trace", "--tool-arg", "ref=sale:" + saleId);
        assertNotEquals(0, call.exit(), call.stdout());
        assertFalse(call.stdout().contains("businessEvents"), call.stdout());
        assertTrue((call.stdout() + call.stderr()).contains("401"), call.stdout() + call.stderr());
    }
}
