package io.auditoverlay.e2e.completeness;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Completeness (issue 16, docs/anomalies.md "Completeness") on the real MariaDB with its binlog,
 * Debezium, Kafka and the packaged normalizer, inference and ai-service: a clean run finds nothing;
 * a row changed with {@code sql_log_bin = 0} is found by the next reconciliation; a skipped GTID
 * is found; DDL and TRUNCATE on an audited database are found, and every DDL is a
 * {@code schema.changed} business event; a run while the normalizer is behind is skipped. Every
 * finding is a HIGH anomaly, listed by {@code GET /api/completeness/runs}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompletenessE2EIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TrailStack stack;
    private static ServiceProcess ai;

    @BeforeAll
    static void start() throws Exception {
        stack = new TrailStack("cmp").start();
        ai = stack.startAi(Map.of("AUDIT_AI_COMPLETENESS_SETTLE", "PT3S", "AUDIT_AI_COMPLETENESS_CHUNK_ROWS", "500"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aCleanRunFindsNothing() throws Exception {
        // The first run of a new trail scans the binlog from where its streaming began: on a shared
        // stack that holds what earlier runs of this test did (holes, DDL). The rows agree, though.
        JsonNode baseline = run();
        assertEquals(0, of(baseline, "capture.gap").size(), baseline.toPrettyString());
        JsonNode report = run();
        assertEquals(0, report.path("findings").size(), report.toPrettyString());
        assertTrue(report.path("sourceRows").asLong() > 20, report.toString());
        assertTrue(report.path("chunks").asInt() >= report.path("tables").asInt(), report.toString());
    }

    @Test
    @Order(2)
    void anUpdateWithoutBinlogIsFoundByTheNextReconciliation() throws Exception {
        int before;
        try (Connection c = TrailStack.sourceRoot(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT quantity FROM inventory WHERE branch_id = 2 AND product_id = 4");
            rs.next();
            before = rs.getInt(1);
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("UPDATE inventory SET quantity = quantity + 7 WHERE branch_id = 2 AND product_id = 4");
        }
        try {
            JsonNode report = run();
            List<JsonNode> gaps = of(report, "capture.gap");
            assertEquals(1, gaps.size(), report.toPrettyString());
            JsonNode gap = gaps.get(0);
            assertEquals("pharmacy.inventory", gap.path("subject").asText());
            assertTrue(gap.path("text").asText().contains("branch_id=2,product_id=4 differs in quantity"), gap.toString());
            assertTrue(gap.path("text").asText().contains("branch_id"), "names the key range: " + gap);
            assertEquals(1, report.path("newAnomalies").size(), report.toString());
            assertEquals("HIGH", anomaly(report.path("newAnomalies").get(0).asText()));
            // The same gap, found again, is the same anomaly.
            assertEquals(0, run().path("newAnomalies").size());
        } finally {
            try (Connection c = TrailStack.sourceRoot(); Statement s = c.createStatement()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("UPDATE inventory SET quantity = " + before + " WHERE branch_id = 2 AND product_id = 4");
            }
        }
        assertEquals(0, run().path("findings").size(), "restored: the trail and the source agree again");
    }

    @Test
    @Order(3)
    void aSkippedGtidIsFound() throws Exception {
        long seq;
        String gtid;
        try (Connection c = TrailStack.sourceRoot(); Statement s = c.createStatement()) {
            seq = TrailStack.gtidSeq(c);
            s.execute("SET SESSION gtid_seq_no = " + (seq + 4));
            s.execute("UPDATE products SET unit_price = unit_price + 0.01 WHERE id = 6");
            ResultSet rs = s.executeQuery("SELECT @@last_gtid");
            rs.next();
            gtid = rs.getString(1);
        }
        assertTrue(gtid.endsWith("-" + (seq + 4)), gtid);
        stack.awaitTransaction(gtid);
        JsonNode report = run();
        List<JsonNode> holes = of(report, "capture.gtid-hole");
        assertEquals(1, holes.size(), report.toPrettyString());
        assertTrue(holes.get(0).path("text").asText().contains("jumps from sequence " + seq + " to " + (seq + 4)), holes.get(0).toString());
        assertEquals(0, of(report, "capture.gap").size(), report.toPrettyString());
    }

    @Test
    @Order(4)
    void ddlAndTruncateOnAnAuditedDatabaseAreFound() throws Exception {
        String table = "completeness_probe_" + TrailStack.RUN;
        try (Connection c = PosWrites.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(20))");
            s.execute("INSERT INTO " + table + " VALUES (1, 'probe')");
            s.execute("ALTER TABLE " + table + " ADD COLUMN extra INT NULL");
            s.execute("TRUNCATE TABLE " + table);
            s.execute("DROP TABLE " + table);
        }
        stack.awaitCaughtUp();
        // A new table is a new raw topic, which the normalizer's pattern subscription picks up at
        // its next metadata refresh: the probe row comes later than the price change above.
        // (Its DDL changes come earlier, from the schema-change topic: wait for the row itself.)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> stack.count(
                "SELECT count(*) FROM changes.change_event WHERE table_name = '" + table + "' AND op = 'CREATE'") > 0);
        JsonNode report = run();
        List<JsonNode> ddl = of(report, "capture.ddl");
        assertEquals(3, ddl.size(), report.toPrettyString()); // CREATE, ALTER, DROP
        assertTrue(ddl.stream().anyMatch(f -> f.path("text").asText().contains("ALTER TABLE " + table)), ddl.toString());
        List<JsonNode> truncates = of(report, "capture.truncate");
        assertEquals(1, truncates.size(), report.toPrettyString());
        assertEquals(0, of(report, "capture.gap").size(), report.toPrettyString());
        assertEquals(4, report.path("newAnomalies").size(), report.toString());

        // Every DDL is also a schema.changed business event (Debezium's schema-change topic →
        // the normalizer's DDL change → inference), naming the table, the statement and its position.
        String events = "SELECT count(*) FROM business.business_event WHERE type = 'schema.changed' AND subject_id = 'pharmacy." + table + "'";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> stack.count(events) >= 3);
        assertEquals(3, stack.count(events), "CREATE, ALTER, DROP: one event each");
        assertEquals(3, stack.count("SELECT count(*) FROM changes.change_event WHERE op = 'DDL' AND table_name = '" + table + "'"));
        try (Connection c = stack.audit(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT attributes->>'change', attributes->>'ddl', attributes->>'gtid', attributes->>'binlogFile',"
                        + " (attributes->>'binlogPosition')::bigint, subject_type FROM business.business_event WHERE type = 'schema.changed'"
                        + " AND subject_id = 'pharmacy." + table + "' ORDER BY (attributes->>'binlogPosition')::bigint")) {
            List<String> changes = new ArrayList<>();
            while (rs.next()) {
                changes.add(rs.getString(1));
                assertTrue(rs.getString(2).toLowerCase().contains(table), rs.getString(2));
                assertTrue(rs.getString(3) != null && rs.getString(3).startsWith("0-"), "the statement's GTID: " + rs.getString(3));
                assertTrue(rs.getString(4) != null && rs.getLong(5) > 0, "its binlog position");
                assertEquals("table", rs.getString(6));
            }
            assertEquals(List.of("CREATE", "ALTER", "DROP"), changes);
        }
        // Rules never see it: no data.changed for a DDL change.
        assertEquals(0, stack.count("SELECT count(*) FROM business.business_event WHERE type = 'data.changed'"
                + " AND attributes::text LIKE '%\"op\": \"DDL\"%'"));
    }

    @Test
    @Order(5)
    void aRunIsSkippedWhileTheNormalizerIsBehind() throws Exception {
        stack.freezeNormalizer(true);
        try {
            // 400 one-row transactions: 1,200 raw records (row, BEGIN, END), above the 1,000 allowed.
            try (Connection c = PosWrites.source(); Statement s = c.createStatement()) {
                for (int i = 0; i < 400; i++) {
                    s.execute("UPDATE inventory SET quantity = quantity + " + (i % 2 == 0 ? 1 : -1)
                            + " WHERE branch_id = 1 AND product_id = 7");
                }
            }
            JsonNode skipped = null;
            for (int attempt = 0; attempt < 60 && skipped == null; attempt++) {
                JsonNode report = run();
                if (report.hasNonNull("skipped")) {
                    skipped = report;
                } else {
                    Thread.sleep(1000); // Debezium has not published the burst yet
                }
            }
            assertTrue(skipped != null, "a run while 1,200 raw records wait must be skipped");
            assertTrue(skipped.path("skipped").asText().contains("not yet stored"), skipped.toString());
            assertEquals(0, skipped.path("chunks").asInt(), "nothing compared");
            assertEquals(0, skipped.path("findings").size());
        } finally {
            stack.freezeNormalizer(false);
        }
        stack.awaitCaughtUp();
        // The guard reads committed offsets, which follow what is stored by the commit interval
        // (and, after the freeze, by the group's rebalance): a run is allowed again soon after.
        JsonNode report = run();
        for (int attempt = 0; attempt < 36 && report.hasNonNull("skipped"); attempt++) {
            Thread.sleep(5000);
            report = run();
        }
        assertTrue(report.path("skipped").isNull(), report.toString());
        assertEquals(0, of(report, "capture.gap").size(), "caught up: no false gap " + report.toPrettyString());
    }

    @Test
    @Order(6)
    void theRunsAreListed() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "?limit=3"))
                .header("Authorization", "Bearer " + stack.token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode runs = AuditJson.mapper().readTree(response.body());
        assertEquals(3, runs.size());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base())).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private static String base() {
        return "http://127.0.0.1:" + ai.port() + "/api/completeness/runs";
    }

    private static JsonNode run() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base()))
                .header("Authorization", "Bearer " + stack.token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return AuditJson.mapper().readTree(response.body());
    }

    private static List<JsonNode> of(JsonNode report, String detector) {
        List<JsonNode> out = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (detector.equals(f.path("detector").asText())) {
                out.add(f);
            }
        });
        return out;
    }

    private static String anomaly(String id) throws Exception {
        try (Connection c = stack.audit(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT severity FROM insights.anomaly WHERE id = '" + id + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
