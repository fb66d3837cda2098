package io.auditoverlay.normalizer.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.Topics;
import io.auditoverlay.model.testing.ServiceProcess;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the service's dependencies: DOWN while PostgreSQL or Kafka cannot be
 * reached, UP again when they can; liveness stays UP (an outage is waited out, not restarted
 * away), and a record that arrives during a PostgreSQL outage is stored once it is over.
 */
class ReadinessIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SOURCE = "rd" + RUN;
    private static final String TOPIC = SOURCE + ".pharmacy.products";

    @Test
    void readinessIsDownWhilePostgresIsUnreachableAndTheRecordWaitingIsStoredAfterwards() throws Exception {
        CapturedRecords records = CapturedRecords.of("pos.pharmacy.products", SOURCE);
        try (TcpProxy postgres = new TcpProxy(Stack.env("AUDIT_DB_HOST", "127.0.0.1"), Integer.parseInt(Stack.env("AUDIT_DB_PORT", "5432")));
                ServiceProcess normalizer = ServiceProcess.start(jar(), Path.of("target/normalizer-readiness-pg-" + RUN + ".log"),
                        env(Map.of("AUDIT_DB_PORT", Integer.toString(postgres.port()))));
                KafkaProducer<byte[], byte[]> producer = Stack.producer()) {
            assertEquals(200, normalizer.get("/q/health/ready").statusCode());

            postgres.cut();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> normalizer.get("/q/health/ready").statusCode() == 503);
            HttpResponse<String> ready = normalizer.get("/q/health/ready");
            assertTrue(ready.body().contains("\"status\": \"DOWN\"") || ready.body().contains("\"status\":\"DOWN\""), ready.body());
            assertTrue(ready.body().toLowerCase().contains("database"), "the datasource check says why: " + ready.body());
            assertEquals(200, normalizer.get("/q/health/live").statusCode(), "an outage is waited out, not restarted away");

            producer.send(new ProducerRecord<>(TOPIC, null, records.at(7_000_001L))).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> normalizer.counter("audit_normalizer_store_retries_total") >= 1);
            assertEquals(0, storedRows(), "nothing stored while PostgreSQL is away");

            postgres.restore();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> normalizer.get("/q/health/ready").statusCode() == 200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> storedRows() == 1);
            assertEquals(0, normalizer.counter("audit_normalizer_records_dead_lettered_total"));
        }
    }

    @Test
    void readinessIsDownWhileKafkaIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        try (ServiceProcess normalizer = ServiceProcess.startLive(jar(), Path.of("target/normalizer-readiness-kafka-" + RUN + ".log"),
                env(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed)))) {
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> normalizer.get("/q/health/ready").statusCode() == 503);
            long asked = System.nanoTime();
            HttpResponse<String> ready = normalizer.get("/q/health/ready");
            Duration answered = Duration.ofNanos(System.nanoTime() - asked);
            assertTrue(answered.compareTo(Duration.ofSeconds(10)) < 0, "a probe gets its answer in time: " + answered);
            assertTrue(ready.body().contains("Kafka connection health check"), "the Kafka check says why: " + ready.body());
            assertEquals(200, normalizer.get("/q/health/live").statusCode());
        }
    }

    private static Path jar() {
        return Path.of("target/quarkus-app/quarkus-run.jar");
    }

    private static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("AUDIT_DB_NAME", Stack.AUDIT_DB,
                "NORMALIZER_GROUP_ID", "normalizer-readiness-" + RUN, "RAW_TOPIC_PATTERN", Pattern.quote(TOPIC),
                "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", Topics.CHANGES + ".normalizer-it"));
        env.putAll(extra);
        return env;
    }

    private static long storedRows() throws Exception {
        return Stack.rowsOfSource(SOURCE);
    }
}
