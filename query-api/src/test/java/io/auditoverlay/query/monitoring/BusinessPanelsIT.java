package io.auditoverlay.query.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.TrailFixture;

/**
 * Every SQL query of the Business dashboard (and its branch variable) runs against the test
 * database as grafana_reader, the role deploy/grafana/grafana-reader.sql creates; that role reads
 * business and insights and is refused everything else.
 */
class BusinessPanelsIT {

    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "business.json");
    static final String PASSWORD = "test-only-grafana-reader";
    static String url;
    static String branch;

    @BeforeAll
    static void prepare() throws Exception {
        Map<String, String> config = new AuditSchemas().start();
        url = config.get("quarkus.datasource.jdbc.url");
        branch = AuditSchemas.branch(3);
        TrailFixture.sale(branch, TrailFixture.next(), "u1", Instant.now().minusSeconds(3600));
        TrailFixture.businessEvent("inventory.adjusted", branch, "u1", "product", "5", Instant.now().minusSeconds(600), TrailFixture.transactionId(),
                "{\"reason\": \"THEFT\", \"delta\": -2, \"schedule\": \"II\", \"productId\": \"5\"}", List.of());
        String database = url.substring(url.lastIndexOf('/') + 1);
        String host = System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AUDIT_DB_PORT", "5432");
        Process p = new ProcessBuilder("psql", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U",
                System.getenv().getOrDefault("AUDIT_DB_USER", "postgres"), "-d", database, "-v", "password=" + PASSWORD,
                "-f", Path.of("..", "deploy", "grafana", "grafana-reader.sql").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    static Connection reader() throws SQLException {
        return DriverManager.getConnection(url, "grafana_reader", PASSWORD);
    }

    /** The dashboard's SQL with Grafana's macros expanded as its PostgreSQL data source does. */
    static String expand(String sql) {
        return sql.replaceAll("\\$__timeGroupAlias\\(([a-z_]+), '1d'\\)", "date_trunc('day', $1) AS time")
                .replaceAll("\\$__timeFilter\\(([a-z_]+)\\)", "$1 BETWEEN now() - interval '30 days' AND now()")
                .replace("${branch:sqlstring}", "'" + branch + "'");
    }

    static Map<String, String> queries() throws Exception {
        JsonNode d = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, String> out = new LinkedHashMap<>();
        d.path("templating").path("list").forEach(v -> out.put("variable " + v.path("name").asText(), v.path("query").asText()));
        d.path("panels").forEach(p -> p.path("targets").forEach(t -> out.put(p.path("title").asText(), t.path("rawSql").asText())));
        return out;
    }

    @Test
    void everyPanelRunsAsTheReadOnlyRole() throws Exception {
        Map<String, String> queries = queries();
        assertEquals(7, queries.size(), queries.keySet().toString());
        List<String> empty = new ArrayList<>();
        try (Connection c = reader(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                try (ResultSet rs = s.executeQuery(expand(q.getValue()))) {
                    if (!rs.next()) {
                        empty.add(q.getKey());
                    }
                }
            }
        }
        // the test data has sales and a controlled write-off, no void, no refund, maybe no anomaly
        assertTrue(!empty.contains("Sales per branch per day") && !empty.contains("Controlled-substance movements")
                && !empty.contains("variable branch"), "panels without rows: " + empty);
    }

    @Test
    void theRoleReadsNothingElseAndWritesNothing() throws Exception {
        try (Connection c = reader(); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT 1 FROM changes.change_event LIMIT 1", "SELECT 1 FROM api.access_log LIMIT 1",
                    "DELETE FROM business.business_event WHERE false",
                    "INSERT INTO insights.daily_summary (branch_id, summary_date, facts, text, written_by) VALUES ('x', now(), '{}', 'x', 'x')")) {
                assertThrows(SQLException.class, () -> s.execute(sql), sql);
            }
        }
    }
}
