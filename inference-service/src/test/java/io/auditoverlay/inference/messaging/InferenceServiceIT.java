package io.auditoverlay.inference.messaging;

import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.DlqHeaders;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service against the real broker and database: ChangeMessages produced by a plain producer
 * become rows of {@code business.business_event} and records on the business topic. The test
 * profile reads {@code audit.changes.inference-test} and writes {@code audit.business.inference-test}
 * (the shared topics carry the running stack's traffic); each run uses its own source name, so
 * its transaction ids, reference rows and events are its own.
 */
@QuarkusTest
class InferenceServiceIT {

    private static final String SOURCE = "itest" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    DataSource dataSource;
    @Inject
    KafkaClientService kafka;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "mp.messaging.incoming.changes.topic")
    String changesTopic;
    @ConfigProperty(name = "mp.messaging.outgoing.business.topic")
    String businessTopic;

    @BeforeAll
    static void producer() {
        producer = KafkaTestClients.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @BeforeEach
    void consumerIsAssigned() {
        // The test group starts at the end of the topic: produce only once it has its partitions.
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.getConsumer(Channels.CHANGES).getAssignments()
                .await().atMost(Duration.ofSeconds(5)).isEmpty());
    }

    private void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(changesTopic, key, value)).get();
    }

    private void send(List<ChangeMessage> messages) throws Exception {
        for (ChangeMessage message : messages) {
            send(message.transactionId(), json.writeValueAsBytes(message));
        }
    }

    private List<String> typesOf(String transactionId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT type FROM business.business_event WHERE transaction_id = ? ORDER BY type")) {
            ps.setString(1, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }

    private Map<String, Object> queryRow(String sql, Object... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return out;
            }
        }
    }

    private void snapshotRole(int id, String name) throws Exception {
        SourcePosition position = new SourcePosition(1L, "mb.000001", 4L, 0, null, true);
        CanonicalChangeEvent read = new CanonicalChangeEvent(UUID.randomUUID(), SOURCE, "pharmacy", "roles", Operation.READ,
                Map.of("id", id), null, Map.of("id", id, "name", name), List.of(), null, null, AT.minusSeconds(3600), null,
                position, "1", 1);
        send(null, json.writeValueAsBytes(read));
    }

    @Test
    void interleavedTransactionsInAnyOrderBecomeExactlyTheExpectedEvents() throws Exception {
        snapshotRole(1, "CASHIER");
        snapshotRole(3, "MANAGER");
        long base = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        TxBuilder sale = Pos.sale(SOURCE + ":0-1-" + base, AT, base, 2, 5, "CARD", "1.00",
                new Pos.Line(base, 3, 1, "42.00", 10), new Pos.Line(base + 1, 1, 2, "6.49", 50));
        TxBuilder role = Pos.roleChange(SOURCE + ":0-1-" + (base + 1), AT, 5, 2, 1, 3);
        TxBuilder voided = Pos.voidSale(SOURCE + ":0-1-" + (base + 2), AT.plusSeconds(5), base, 2, 5, 3, "53.98",
                "wrong customer", 3, 1, 9);
        TxBuilder other = new TxBuilder(SOURCE + ":0-1-" + (base + 3), AT)
                .insert("customers", row("id", base, "full_name", "[REDACTED]", "created_at", Pos.datetime(AT)));
        List<ChangeMessage> messages = new ArrayList<>();
        messages.add(sale.end());                       // END before data
        messages.addAll(sale.changes().subList(0, 4));
        messages.addAll(role.changes());                // data before END, interleaved
        messages.addAll(voided.messages());
        messages.addAll(sale.changes().subList(4, 7));
        messages.add(role.end());
        messages.addAll(other.messages());
        messages.add(sale.changes().get(2));            // a redelivered change
        send(messages);

        await().atMost(Duration.ofSeconds(30)).until(() -> typesOf(sale.transactionId()).size() == 3
                && typesOf(role.transactionId()).size() == 1 && typesOf(voided.transactionId()).size() == 2
                && typesOf(other.transactionId()).size() == 1);
        assertEquals(List.of("inventory.adjusted", "inventory.adjusted", "sale.completed"), typesOf(sale.transactionId()));
        assertEquals(List.of("user.role_changed"), typesOf(role.transactionId()));
        assertEquals(List.of("inventory.adjusted", "sale.voided"), typesOf(voided.transactionId()));
        assertEquals(List.of("data.changed"), typesOf(other.transactionId()));

        Map<String, Object> roleEvent = queryRow("SELECT attributes->>'oldRole' AS old_role, attributes->>'newRole' AS new_role,"
                + " branch_id, subject_id, partial, rule FROM business.business_event WHERE transaction_id = ?",
                role.transactionId());
        assertEquals("CASHIER", roleEvent.get("old_role"), "role names learned from the snapshot rows");
        assertEquals("MANAGER", roleEvent.get("new_role"));
        assertEquals("2", roleEvent.get("branch_id"));
        assertEquals(false, roleEvent.get("partial"));
        assertEquals("user-role-changed", roleEvent.get("rule"));
        Map<String, Object> saleEvent = queryRow("SELECT attributes->>'total' AS total, cardinality(source_event_ids) AS sources,"
                + " occurred_at FROM business.business_event WHERE transaction_id = ? AND type = 'sale.completed'",
                sale.transactionId());
        assertEquals("53.98", saleEvent.get("total"));
        assertEquals(3, saleEvent.get("sources"));
        assertEquals(Map.of("completion", "COMPLETE", "changes", 7), queryRow("SELECT completion, changes FROM"
                + " business.processed_transaction WHERE transaction_id = ?", sale.transactionId()));

        // sent again (a replay): nothing new is stored
        send(sale.messages());
        send(role.messages());
        Thread.sleep(1500);
        assertEquals(3, typesOf(sale.transactionId()).size());
        assertEquals(1, typesOf(role.transactionId()).size());
    }

    @Test
    void businessEventsArePublishedKeyedByBranch() throws Exception {
        try (KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(businessTopic, StringDeserializer.class)) {
            TxBuilder adjustment = Pos.adjustment(SOURCE + ":0-2-" + UUID.randomUUID(), AT, 77, 3, 3, 3, -2, "THEFT", 20);
            send(adjustment.messages());
            JsonNode event = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (event == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode node = json.readTree(record.value());
                    if (adjustment.transactionId().equals(node.path("transactionId").asText())) {
                        assertEquals("3", record.key());
                        event = node;
                    }
                }
            }
            assertTrue(event != null, "business event on " + businessTopic);
            assertEquals("inventory.adjusted", event.get("type").asText());
            assertEquals("THEFT", event.at("/attributes/reason").asText());
            assertEquals(2, event.get("sourceEventIds").size());
        }
    }

    @Test
    void transactionWithoutEndIsInferredAsPartialAfterTheTimeout() throws Exception {
        TxBuilder role = Pos.roleChange(SOURCE + ":0-3-" + UUID.randomUUID(), AT, 9, 1, 1, 3);
        send(new ArrayList<>(role.changes()));
        Thread.sleep(1000);
        assertEquals(List.of(), typesOf(role.transactionId()), "held while its END may still come");
        await().atMost(Duration.ofSeconds(30)).until(() -> typesOf(role.transactionId()).size() == 1);
        assertEquals(Map.of("partial", true), queryRow("SELECT partial FROM business.business_event WHERE transaction_id = ?",
                role.transactionId()));
        assertEquals(Map.of("completion", "TIMED_OUT_WITHOUT_END"), queryRow("SELECT completion FROM"
                + " business.processed_transaction WHERE transaction_id = ?", role.transactionId()));
        given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200)
                .body(containsString("inference_transactions_timed_out_total{reason=\"no_end\"}"))
                .body(containsString("inference_business_events_total{type=\"user.role_changed\"}"))
                .body(containsString("inference_transactions_unclassified_ratio"));
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("inference-pipeline")).body(containsString("rules/pharmacy.yaml"));
    }

    @Test
    void pendingGaugesAndTheCapAreExposedAndSurviveACollection() {
        System.gc(); // the pending gauges held their suppliers weakly and read NaN after a collection
        given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*\ninference_pending_records [0-9][^\n]*\n.*"))
                .body(matchesPattern("(?s).*\ninference_pending_transactions [0-9][^\n]*\n.*"))
                .body(containsString("inference_pending_records_max 100000.0"))
                .body(containsString("inference_transactions_closed_at_cap_total 0.0"))
                .body(containsString("inference_transactions_end_deferred_at_cap_total 0.0"));
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(Topics.DLQ, ByteArrayDeserializer.class)) {
            String key = SOURCE + ":garbage-" + UUID.randomUUID();
            byte[] garbage = "{\"kind\":\"change\",\"eventId\":".getBytes(StandardCharsets.UTF_8);
            send(key, garbage);
            ConsumerRecord<String, byte[]> dead = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (dead == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        dead = record;
                    }
                }
            }
            assertTrue(dead != null, "dead letter on " + Topics.DLQ);
            assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals(changesTopic, KafkaTestClients.header(dead, DlqHeaders.SOURCE_TOPIC));
            assertEquals("inference-service", KafkaTestClients.header(dead, DlqHeaders.SERVICE));
            assertTrue(KafkaTestClients.header(dead, DlqHeaders.REASON).length() > 10, KafkaTestClients.header(dead, DlqHeaders.REASON));
        }
    }
}
