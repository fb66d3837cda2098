package io.auditoverlay.normalizer.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.Topics;
import io.auditoverlay.model.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while a backlog is being worked through: the batches in hand are finished and their
 * offsets committed before the process exits, so that what is stored is exactly what is
 * committed; a restart then takes up where it stopped, with nothing lost and nothing stored twice.
 *
 * <p>The backlog is a topic of the test's own, of copies of a record Debezium captured
 * ({@link CapturedRecords}).
 */
class GracefulShutdownIT {

    private static final int RECORDS = 40_000;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SOURCE = "gs" + RUN;
    private static final String TOPIC = SOURCE + ".pharmacy.products";
    private static final String GROUP = "normalizer-shutdown-" + RUN;

    @Test
    void sigtermFinishesTheBatchesInHandAndARestartLosesNothingAndStoresNothingTwice() throws Exception {
        produceBacklog();

        ServiceProcess first = start("target/normalizer-shutdown-1-" + RUN + ".log");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> first.counter("audit_normalizer_records_in_total") >= 4_000);
        long stopping = System.nanoTime();
        first.close(); // SIGTERM
        Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

        assertTrue(stopped.compareTo(Duration.ofSeconds(35)) < 0, "stopped within the shutdown timeout: " + stopped);
        String log = first.log();
        assertFalse(log.contains(" ERROR "), "no error while stopping:\n" + log);
        assertTrue(log.contains("stopped in"), "Quarkus shut down in order:\n" + log);
        long stored = storedRows();
        long committed = committedOffset();
        assertTrue(stored > 0 && stored < RECORDS, "SIGTERM came in the middle of the backlog (stored " + stored + ")");
        assertEquals(stored, committed, "every stored record committed, every committed record stored");

        try (ServiceProcess second = start("target/normalizer-shutdown-2-" + RUN + ".log")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Stack.lag(GROUP, Pattern.compile(Pattern.quote(TOPIC))) == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> storedRows() == RECORDS);
            assertEquals(0, second.counter("audit_normalizer_events_duplicates_total"), "nothing redelivered");
            assertEquals(RECORDS - stored, (long) second.counter("audit_normalizer_events_stored_total"));
        }
    }

    /** {@link #RECORDS} copies of a snapshot record of {@code products}, each at a binlog position of its own. */
    private void produceBacklog() throws Exception {
        CapturedRecords records = CapturedRecords.of("pos.pharmacy.products", SOURCE);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // as Debezium Server sends them
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "524288");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, null, records.at(1_000_000L + i)));
            }
            producer.flush();
        }
    }

    private static ServiceProcess start(String log) throws Exception {
        return ServiceProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"), Path.of(log),
                Map.of("AUDIT_DB_NAME", Stack.AUDIT_DB, "NORMALIZER_GROUP_ID", GROUP,
                        "RAW_TOPIC_PATTERN", Pattern.quote(TOPIC),
                        "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", Topics.CHANGES + ".normalizer-it"));
    }

    private static long storedRows() throws Exception {
        return Stack.rowsOfSource(SOURCE);
    }

    private static long committedOffset() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA);
        try (Admin admin = Admin.create(p)) {
            var offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(TOPIC, 0));
            assertNotNull(offset, "the group committed an offset");
            return offset.offset();
        }
    }
}
