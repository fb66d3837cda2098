package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.security.TokenRegistry;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Inspector;
import io.auditoverlay.query.support.TrailFixture;

/**
 * The packaged MCP server on stdio (bin/audit-mcp-stdio), started and driven by the official MCP
 * inspector CLI, with its token from AUDIT_TOKEN and the token hashes from a tokens file.
 */
class McpStdioIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "stdio-agent-" + AuditSchemas.RUN;
    static Map<String, String> config;
    static Path tokens;
    static long saleId;

    @BeforeAll
    static void setUp() throws Exception {
        config = new AuditSchemas().start();
        tokens = Files.createTempFile("tokens", ".txt");
        Files.writeString(tokens, "# test tokens\n" + TokenRegistry.sha256(TOKEN) + " stdio-agent ai-agent\n");
        saleId = TrailFixture.next();
        TrailFixture.sale(AuditSchemas.branch(3), saleId, "u1", Instant.parse("2026-10-09T08:00:00Z"));
    }

    Inspector.Result run(String token, String... method) throws Exception {
        List<String> cli = new ArrayList<>();
        for (String env : List.of("AUDIT_TOKEN=" + token, "AUDIT_TOKENS_FILE=" + tokens.toAbsolutePath(),
                "QUARKUS_DATASOURCE_JDBC_URL=" + config.get("quarkus.datasource.jdbc.url"), "AUDIT_LOG_JSON=false",
                "PATH=" + System.getenv("PATH"))) {
            cli.addAll(List.of("-e", env));
        }
        cli.addAll(List.of(method));
        cli.addAll(List.of("--transport", "stdio", "--", "sh", Path.of("bin/audit-mcp-stdio").toAbsolutePath().toString()));
        return Inspector.cli(cli);
    }

    @Test
    void toolsWorkOverStdioAndAreRecorded() throws Exception {
        Inspector.Result list = run(TOKEN, "--method", "tools/list");
        assertEquals(0, list.exit(), list.stdout() + list.stderr());
        assertEquals(5, JSON.readTree(list.stdout()).path("tools").size());

        Inspector.Result call = run(TOKEN, "--method", "tools/call", "--tool-name", "trace", "--tool-arg", "ref=sale:" + saleId);
        assertEquals(0, call.exit(), call.stdout() + call.stderr());
        JsonNode result = JSON.readTree(call.stdout());
        assertFalse(result.path("isError").asBoolean(), call.stdout());
        JsonNode trace = JSON.readTree(result.path("content").get(0).path("text").asText());
        assertEquals(7, trace.path("businessEvents").get(0).path("changes").size());

        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT transport, result_bytes FROM api.tool_call WHERE caller = 'stdio-agent' AND arguments->>'ref' = ?")) {
            ps.setString(1, "sale:" + saleId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "recorded");
                assertEquals("STDIO", rs.getString("transport"));
                assertTrue(rs.getInt("result_bytes") > 1000);
            }
        }
    }

    @Test
    void anUnknownTokenGetsNoData() throws Exception {
        Inspector.Result call = run("wrong-token", "--method", "tools/call", "--tool-name", "trace", "--tool-arg", "ref=sale:" + saleId);
        assertTrue(call.exit() != 0 || JSON.readTree(call.stdout()).path("isError").asBoolean(), call.stdout());
        assertTrue((call.stdout() + call.stderr()).contains("AUDIT_TOKEN"), call.stdout() + call.stderr());
        assertNotEquals(-1, call.exit());
    }
}
