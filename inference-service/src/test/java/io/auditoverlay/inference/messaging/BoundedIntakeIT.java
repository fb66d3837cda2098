package io.auditoverlay.inference.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.config.UnackedAgeConfigSource;
import io.auditoverlay.inference.processing.InferenceService;
import io.auditoverlay.inference.processing.IntakeGate;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.ChangeMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Bounded intake against the real broker and database: a catch-up whose END markers lead their
 * rows by {@code LAG} transactions (as the normalizer produces them while it drains its raw
 * topics unevenly) keeps about {@code LAG} transactions open all along, and a writer of small
 * batches falls behind the consumer. The records queued for the writer never exceed the mark by
 * more than one transaction, the consumer is paused and resumed, and every sale is still stored
 * once, complete, with every record acknowledged.
 */
@QuarkusTest
@TestProfile(BoundedIntakeIT.SmallIntake.class)
class BoundedIntakeIT {

    static final int MAX_QUEUED = 300;
    private static final int SALES = 1500;
    private static final int LAG = 150;
    private static final String SOURCE = "intake" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Small batches and marks; timeouts long enough that no transaction closes partial while paused. */
    public static final class SmallIntake implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audit.inference.intake.max-queued-records", Integer.toString(MAX_QUEUED),
                    "audit.inference.intake.resume-queued-records", "100",
                    "audit.inference.batch.max-transactions", "5",
                    "audit.inference.transaction-timeout", "5m",
                    "audit.inference.incomplete-transaction-timeout", "5m",
                    "mp.messaging.incoming.changes.topic", "audit.changes.inference-intake-test",
                    "mp.messaging.outgoing.business.topic", "audit.business.inference-intake-test");
        }
    }

    @Inject
    DataSource dataSource;
    @Inject
    KafkaClientService kafka;
    @Inject
    ObjectMapper json;
    @Inject
    InferenceService service;
    @ConfigProperty(name = "mp.messaging.incoming.changes.topic")
    String changesTopic;
    @ConfigProperty(name = "mp.messaging.incoming.changes.group.id")
    String group;
    @ConfigProperty(name = UnackedAgeConfigSource.KEY)
    long maxUnackedAge;

    @Test
    void theUnackedAgeLimitFollowsTheLongerTimeout() {
        assertEquals(Duration.ofMinutes(5).plus(Duration.ofMinutes(5)).toMillis(), maxUnackedAge,
                "5 min timeouts plus the default 5 min margin");
    }

    private static List<ChangeMessage> catchUp() {
        List<TxBuilder> sales = new ArrayList<>();
        for (int n = 0; n < SALES; n++) {
            sales.add(Pos.sale(SOURCE + ":0-1-" + (n + 1), AT.plusSeconds(n), n + 1, 1, 2, "CARD", "0.00",
                    new Pos.Line(n * 10L, 3, 1, "42.00", 50), new Pos.Line(n * 10L + 1, 1, 2, "6.49", 50)));
        }
        List<ChangeMessage> log = new ArrayList<>();
        for (int n = 0; n < SALES + LAG; n++) {
            if (n < SALES) {
                log.add(sales.get(n).end());
            }
            if (n >= LAG) {
                log.addAll(sales.get(n - LAG).changes());
            }
        }
        return log;
    }

    @Test
    void theWriterQueueStaysBoundedAndEverySaleIsStoredOnce() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.getConsumer(Channels.CHANGES).getAssignments()
                .await().atMost(Duration.ofSeconds(5)).isEmpty());
        List<ChangeMessage> log = catchUp();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer()) {
            for (ChangeMessage message : log) {
                producer.send(new ProducerRecord<>(changesTopic, message.transactionId(), json.writeValueAsBytes(message)));
            }
            producer.flush();
        }
        int largest = log.size() / SALES; // records of one sale: its changes and END
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM business.processed_transaction WHERE source = ?") == SALES);

        IntakeGate gate = service.pipeline().intake();
        assertTrue(gate.pauses() > 0, "the writer fell behind: the consumer was paused");
        assertTrue(gate.highWater() <= MAX_QUEUED + largest,
                "queued records stayed within the mark plus one transaction: " + gate.highWater());
        assertTrue(gate.highWater() > MAX_QUEUED, "the bound was reached: " + gate.highWater());
        assertEquals(SALES, count("SELECT count(*) FROM business.processed_transaction WHERE source = ?"
                + " AND completion = 'COMPLETE'"), "every sale closed complete, none at a timeout");
        assertEquals(SALES, count("SELECT count(*) FROM business.business_event WHERE source = ? AND type = 'sale.completed'"));
        assertEquals(SALES, count("SELECT count(DISTINCT transaction_id) FROM business.business_event"
                + " WHERE source = ? AND type = 'sale.completed'"), "one sale.completed per sale");
        // every record acknowledged: the group's committed offset reaches the end of the topic
        await().atMost(Duration.ofSeconds(60)).until(() -> committedLag() == 0);
        assertEquals(0, gate.queuedRecords());
        assertTrue(!gate.paused());
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long committedLag() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestClients.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var e : admin.listOffsets(Map.of(new TopicPartition(changesTopic, 0), OffsetSpec.latest())).all().get()
                    .entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                lag += e.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }
}
