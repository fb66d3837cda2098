package io.auditoverlay.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trail end to end, on the real components and the packaged services: six POS transactions
 * committed in MariaDB must become exactly the expected business events, queryable through
 * query-api. Needs {@code ./overlay infra}; the services run as processes with their own consumer
 * groups and a private {@code audit.changes} topic, against the {@code audit_test} database.
 */
class PipelineE2EIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DB = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test");
    private static final String TOKEN = UUID.randomUUID().toString();
    private static final String DB_PASSWORD = "e2e-db-" + UUID.randomUUID();
    private static final String OWNER_PASSWORD = "e2e-owner-" + UUID.randomUUID();
    private static final Duration PIPELINE = Duration.ofMinutes(5);
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess queryApi;

    @BeforeAll
    static void startServices() throws Exception {
        String changesTopic = "audit.changes.e2e-" + RUN;
        Path tokens = Files.writeString(Files.createDirectories(Path.of("target")).resolve("e2e-tokens-" + RUN + ".txt"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)))
                        + " e2e auditor\n");
        // The normalizer starts at the end of the raw topics: this test is about its own six
        // transactions, not about catching up with whatever a shared stack already holds.
        String normalizerGroup = "e2e-normalizer-" + RUN;
        SERVICES.add(start("normalizer-service", Map.of("NORMALIZER_GROUP_ID", normalizerGroup,
                "MP_MESSAGING_INCOMING_RAW_AUTO_OFFSET_RESET", "latest",
                "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", changesTopic)));
        awaitAssigned(normalizerGroup);
        SERVICES.add(start("inference-service", Map.of("INFERENCE_GROUP_ID", "e2e-inference-" + RUN,
                "INFERENCE_CHANGES_TOPIC", changesTopic)));
        queryApi = start("query-api", Map.of("AUDIT_TOKENS_FILE", tokens.toString()));
        SERVICES.add(queryApi);
    }

    /** Until the group's consumer holds its partitions (and so has its start position). */
    private static void awaitAssigned(String group) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        try (Admin admin = Admin.create(p)) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
        Thread.sleep(2000); // the first fetch resolves "latest" right after the assignment
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (ServiceProcess service : SERVICES) {
            service.close();
        }
    }

    private static ServiceProcess start(String module, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AUDIT_DB_NAME", DB);
        // Passwords as secret files, as compose and Kubernetes give them (the local PostgreSQL
        // trusts 127.0.0.1, so any value logs in): the log scan below looks for them.
        all.put("AUDIT_DB_PASSWORD_FILE", Files.writeString(Path.of("target/e2e-db-password-" + RUN), DB_PASSWORD).toString());
        all.put("AUDIT_DB_OWNER_PASSWORD_FILE", Files.writeString(Path.of("target/e2e-owner-password-" + RUN), OWNER_PASSWORD).toString());
        return ServiceProcess.start(ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                Path.of("target/e2e-" + module + "-" + RUN + ".log"), all);
    }

    @Test
    void sixPosTransactionsBecomeExactlyTheExpectedBusinessEvents() throws Exception {
        long saleId = PosWrites.sale(1, 1, List.of(1L, 2L, 3L));
        String sale = PosWrites.lastGtid();
        PosWrites.voidSale(saleId, 3, "customer changed mind " + RUN);
        String voided = PosWrites.lastGtid();
        long refundedSaleId = PosWrites.sale(2, 5, List.of(2L));
        PosWrites.refund(refundedSaleId, 5, "damaged box");
        String refund = PosWrites.lastGtid();
        PosWrites.adjustment(1, 7, 3, -2, "DAMAGE");
        String adjustment = PosWrites.lastGtid();
        // An UPDATE to the value a row already has writes no binlog row: make sure each one changes.
        int newRole = 3;
        int oldRole = PosWrites.changeRole(6, newRole);
        if (oldRole == newRole) {
            newRole = 1;
            oldRole = PosWrites.changeRole(6, newRole);
        }
        String roleChange = PosWrites.lastGtid();
        BigDecimal newPrice = new BigDecimal("4." + (10 + new Random().nextInt(89)));
        BigDecimal oldPrice = PosWrites.changePrice(7, newPrice);
        if (oldPrice.compareTo(newPrice) == 0) {
            newPrice = newPrice.add(new BigDecimal("0.01"));
            oldPrice = PosWrites.changePrice(7, newPrice);
        }
        String priceChange = PosWrites.lastGtid();

        JsonNode saleTrace = eventsOf(sale, 4);
        assertEquals(List.of("inventory.adjusted", "inventory.adjusted", "inventory.adjusted", "sale.completed"), types(saleTrace));
        JsonNode completed = ofType(saleTrace, "sale.completed");
        assertEquals(Long.toString(saleId), completed.path("subjectId").asText());
        assertEquals(3, completed.path("attributes").path("items").size());
        assertEquals("SALE", ofType(saleTrace, "inventory.adjusted").path("attributes").path("reason").asText());

        JsonNode voidTrace = eventsOf(voided, 4);
        assertEquals(List.of("inventory.adjusted", "inventory.adjusted", "inventory.adjusted", "sale.voided"), types(voidTrace));
        JsonNode voidEvent = ofType(voidTrace, "sale.voided");
        assertEquals("3", voidEvent.path("actorUserId").asText());
        assertEquals("customer changed mind " + RUN, voidEvent.path("attributes").path("reason").asText());
        assertEquals("RETURN", ofType(voidTrace, "inventory.adjusted").path("attributes").path("reason").asText());

        JsonNode refundTrace = eventsOf(refund, 2);
        assertEquals(List.of("inventory.adjusted", "sale.refunded"), types(refundTrace));
        assertEquals(Long.toString(refundedSaleId), ofType(refundTrace, "sale.refunded").path("subjectId").asText());

        JsonNode adjustmentTrace = eventsOf(adjustment, 1);
        assertEquals(List.of("inventory.adjusted"), types(adjustmentTrace));
        JsonNode adjusted = ofType(adjustmentTrace, "inventory.adjusted").path("attributes");
        assertEquals("DAMAGE", adjusted.path("reason").asText());
        assertEquals(-2, adjusted.path("delta").asInt());
        assertEquals(adjusted.path("quantityBefore").asInt() - 2, adjusted.path("quantityAfter").asInt());

        JsonNode roleTrace = eventsOf(roleChange, 1);
        assertEquals(List.of("user.role_changed"), types(roleTrace));
        JsonNode role = ofType(roleTrace, "user.role_changed");
        assertEquals("6", role.path("subjectId").asText());
        assertTrue(role.path("attributes").toString().contains(Integer.toString(newRole)), role.toString());

        JsonNode priceTrace = eventsOf(priceChange, 1);
        assertEquals(List.of("product.price_changed"), types(priceTrace));
        JsonNode price = ofType(priceTrace, "product.price_changed").path("attributes");
        assertEquals(0, oldPrice.compareTo(price.path("oldPrice").decimalValue()), price.toString());
        assertEquals(0, newPrice.compareTo(price.path("newPrice").decimalValue()), price.toString());
    }

    /**
     * No service log of this run holds a configured secret (the auditor token, the database
     * passwords) or a value of a masked column: a customer with values found nowhere else is
     * written, stored masked, and then every service's log is searched for each of them.
     */
    @Test
    void noSecretNorMaskedValueReachesAServiceLog() throws Exception {
        List<String> masked = List.of("Zelda Quillfeather " + RUN, "+41 79 " + RUN.hashCode(), "NID-" + RUN, "1931-07-29");
        String gtid;
        try (Connection c = PosWrites.source(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO customers (full_name, phone, national_id, birth_date, created_at) VALUES (?, ?, ?, ?, NOW(3))")) {
            ps.setString(1, masked.get(0));
            ps.setString(2, masked.get(1));
            ps.setString(3, masked.get(2));
            ps.setString(4, masked.get(3));
            ps.executeUpdate();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT @@last_gtid")) {
                r.next();
                gtid = r.getString(1);
            }
        }
        JsonNode stored = await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryApi.port()
                    + "/api/v1/changes?table=customers&transaction=" + URLEncoder.encode("pos:" + gtid, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? AuditJson.mapper().readTree(response.body()).path("items") : null;
        }, items -> items != null && items.size() == 1);
        JsonNode after = stored.get(0).path("after");
        for (String column : List.of("full_name", "phone", "national_id", "birth_date")) {
            assertEquals("[REDACTED]", after.path(column).asText(), "stored masked: " + column);
        }
        List<String> secrets = new ArrayList<>(List.of(TOKEN, DB_PASSWORD, OWNER_PASSWORD));
        secrets.addAll(masked);
        List<String> found = new ArrayList<>();
        for (ServiceProcess service : SERVICES) {
            String log = service.log();
            // the scan covers a real log: each service wrote at least its start line
            assertTrue(log.contains("started in"), service + " logged no start line:\n" + log);
            for (String secret : secrets) {
                if (log.contains(secret)) {
                    found.add(service + " logs " + (masked.contains(secret) ? "a masked value" : "a secret") + " (#" + secrets.indexOf(secret) + ")");
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    /** The business events of a source transaction through query-api, once there are {@code expected} of them. */
    private static JsonNode eventsOf(String gtid, int expected) {
        String id = URLEncoder.encode("pos:" + gtid, StandardCharsets.UTF_8);
        return await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + queryApi.port() + "/api/v1/transactions/" + id))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? AuditJson.mapper().readTree(response.body()).path("businessEvents") : null;
        }, events -> events != null && events.size() >= expected);
    }

    private static List<String> types(JsonNode traced) {
        List<String> types = new ArrayList<>();
        traced.forEach(t -> types.add(t.path("event").path("type").asText()));
        return types.stream().sorted().toList();
    }

    private static JsonNode ofType(JsonNode traced, String type) {
        for (JsonNode t : traced) {
            if (type.equals(t.path("event").path("type").asText())) {
                return t.path("event");
            }
        }
        throw new AssertionError("no " + type + " in " + traced);
    }
}
