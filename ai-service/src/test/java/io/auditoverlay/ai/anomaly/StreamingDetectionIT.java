package io.auditoverlay.ai.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.support.Ev;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.ai.support.OllamaStubResource;
import io.auditoverlay.model.DlqHeaders;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming path against the real broker and database: a business event on the business topic
 * becomes a stored anomaly and a record on the anomalies topic keyed by branch; an unreadable record
 * goes to audit.dlq with its original key and bytes and the reason in the headers. The test profile
 * reads and writes copies of audit.business and audit.anomalies ({@code .ai-test}), so that the
 * stack's own ai-service never sees a test's events.
 */
@QuarkusTest
@QuarkusTestResource(OllamaStubResource.class)
class StreamingDetectionIT {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.business-events.topic")
    String businessTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.anomalies.topic")
    String anomaliesTopic;

    private String branch;

    @BeforeEach
    void setUp() throws Exception {
        Fixtures.create(dataSource);
        branch = String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 999_999_999));
    }

    @Test
    void aPriceBelowCostOnTheTopicBecomesAStoredAndPublishedAnomaly_andRedeliveryAddsNothing() throws Exception {
        // A presence-judging detector: those that judge an absence (refund-without-sale) wait for
        // the closed window (PatternDetectorsTest.absenceIsJudgedOnClosedWindowsOnlyNotOnArrival).
        BusinessEvent priceCut = Ev.of("product.price_changed").branch(branch).actor("11").subject("product", "3")
                .at(Instant.now().minusSeconds(60)).attr("productId", 3).attr("oldPrice", 42)
                .attr("newPrice", new BigDecimal("12.00")).attr("cost", 18).build();
        byte[] value = AuditJson.mapper().writeValueAsBytes(priceCut);
        try (KafkaConsumer<String, String> anomalies = consumer(anomaliesTopic, StringDeserializer.class);
                KafkaProducer<String, byte[]> producer = producer()) {
            String id = null;
            // Our consumer joins its group asynchronously; resending is safe because the anomaly id is stable.
            for (int attempt = 0; attempt < 12 && id == null; attempt++) {
                producer.send(new ProducerRecord<>(businessTopic, branch, value)).get();
                id = awaitAnomaly(Duration.ofSeconds(5));
            }
            assertNotNull(id, "no anomaly stored for branch " + branch);
            JsonNode published = awaitRecord(anomalies, branch, Duration.ofSeconds(30));
            assertEquals(id, published.get("id").asText());
            assertEquals("price-below-cost", published.get("detector").asText());
            assertEquals(priceCut.id().toString(), published.get("evidence").get(0).asText());

            producer.send(new ProducerRecord<>(businessTopic, branch, value)).get();
            Thread.sleep(3000);
            assertEquals("1", count());
        }
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsReason() throws Exception {
        byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, byte[]> dlq = consumer(Topics.DLQ, ByteArrayDeserializer.class);
                KafkaProducer<String, byte[]> producer = producer()) {
            ConsumerRecord<String, byte[]> dead = null;
            for (int attempt = 0; attempt < 12 && dead == null; attempt++) {
                producer.send(new ProducerRecord<>(businessTopic, branch, garbage)).get();
                dead = awaitDeadLetter(dlq, Duration.ofSeconds(5));
            }
            assertNotNull(dead, "nothing dead-lettered for key " + branch);
            assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals("ai-service", header(dead, DlqHeaders.SERVICE));
            assertEquals(businessTopic, header(dead, DlqHeaders.SOURCE_TOPIC));
            assertNotEquals(Topics.BUSINESS, businessTopic, "the test must not feed the stack's topic");
            assertTrue(header(dead, DlqHeaders.REASON).length() > 5, header(dead, DlqHeaders.REASON));
            assertNotNull(header(dead, DlqHeaders.SOURCE_OFFSET));
        }
    }

    private String awaitAnomaly(Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id::text FROM insights.anomaly WHERE branch_id = ?")) {
                ps.setString(1, branch);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            Thread.sleep(250);
        }
        return null;
    }

    private String count() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM insights.anomaly WHERE branch_id = ?")) {
            ps.setString(1, branch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private JsonNode awaitRecord(KafkaConsumer<String, String> consumer, String key, Duration timeout) throws Exception {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    return AuditJson.mapper().readTree(record.value());
                }
            }
        }
        throw new AssertionError("no record keyed " + key);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (branch.equals(record.key()) && "ai-service".equals(header(record, DlqHeaders.SERVICE))) {
                    return record;
                }
            }
        }
        return null;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Assigned to every partition at its end, so only what this test causes is read. */
    /** The test copies of the topics exist after the first run; a fresh broker gets them here. */
    private void ensureTopic(String topic) {
        try (Admin admin = Admin.create(
                Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private <V> KafkaConsumer<String, V> consumer(String topic, Class<?> valueDeserializer) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", valueDeserializer.getName());
        p.put("enable.auto.commit", "false");
        ensureTopic(topic);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

}
