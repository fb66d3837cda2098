package io.auditoverlay.ingest.it;

import static io.auditoverlay.ingest.it.RawRecordFields.headerNames;
import static io.auditoverlay.ingest.it.RawRecordFields.payload;
import static io.auditoverlay.ingest.it.RawRecordFields.withoutProcessingTime;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.auditoverlay.model.testing.ServiceProcess;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same MariaDB transactions captured by two real Debezium Servers, one with the Kafka sink and
 * one with the http sink → ingest-service, both writing the same raw topics of a private Kafka:
 * every change arrives once per path with the same key bytes, the same value (up to Debezium's
 * processing timestamps) and the same canonical event id. Then Kafka is killed: ingest answers 503,
 * the http sink retries, and after Kafka returns every change of the transaction made meanwhile is
 * on the topics.
 *
 * <p>When the normalizer is built ({@code ../normalizer-service/target/quarkus-app/quarkus-run.jar}
 * or {@code IT_NORMALIZER_JAR}), it runs against the same private Kafka and the test database
 * ({@code audit_test}) and the test checks that the doubled raw records gave exactly one
 * {@code changes.change_event} row per change, with the ids computed here.
 *
 * <p>Needs the source MariaDB ({@code SOURCE_DB_HOST}, {@code SOURCE_DB_PORT}, default the local
 * stack's 127.0.0.1:3307, capture user debezium/debezium, application user pos/pos), the cached
 * Debezium Server ({@code DEBEZIUM_HOME}) and a Java 21+ for it ({@code DEBEZIUM_JAVA_HOME}).
 */
@QuarkusTest
@WithTestResource(ParityStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSinkParityIT {

    private static final String DB_HOST = ParityTransaction.DB_HOST;
    private static final String DB_PORT = ParityTransaction.DB_PORT;
    private static final Duration ARRIVAL = ParityTransaction.ARRIVAL;

    private static DebeziumServer kafkaSink;
    private static DebeziumServer httpSink;
    private static Process normalizer;

    @TestHTTPResource("/ingest")
    URL ingest;

    @Test
    @Order(1)
    void aTransactionThroughBothPathsGivesIdenticalRecordsAndEventIds() throws Exception {
        startDebezium();
        String marker = "parity-" + UUID.randomUUID();
        ParityTransaction.writeTransaction(marker);
        ParityTransaction.Captured tx = ParityTransaction.awaitTransaction(marker);

        Set<UUID> ids = assertBothPathsDelivered(tx);
        assertOneRowPerChange(tx, ids);
        double viaIngest = metric("ingest_events_total{branch=\"parity\",kind=\"change\"}");
        assertTrue(viaIngest >= 4, "ingest-service accepted the http sink's events: " + viaIngest);
    }

    @Test
    @Order(2)
    void kafkaOutageGives503AndNothingIsLostAfterItReturns() throws Exception {
        startDebezium();
        double refusedBefore = metric("ingest_rejected_total{reason=\"kafka-unavailable\"}");
        ParityStack.kafka.kill();
        String marker = "outage-" + UUID.randomUUID();
        ParityTransaction.writeTransaction(marker);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (metric("ingest_rejected_total{reason=\"kafka-unavailable\"}") <= refusedBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        double refused = metric("ingest_rejected_total{reason=\"kafka-unavailable\"}") - refusedBefore;
        assertTrue(refused >= 1, "ingest-service answered 503 while Kafka was down");
        Thread.sleep(3000);
        assertTrue(httpSink.log().contains("Failed to publish event"), "the http sink saw the 503 and retries");
        ParityStack.kafka.start();

        ParityTransaction.Captured tx = ParityTransaction.awaitTransaction(marker);
        assertOneRowPerChange(tx, assertBothPathsDelivered(tx));
    }

    @AfterAll
    static void stopDebezium() throws InterruptedException {
        if (normalizer != null) {
            normalizer.destroy();
            normalizer.waitFor();
        }
        if (httpSink != null) {
            httpSink.stop();
        }
        if (kafkaSink != null) {
            kafkaSink.stop();
        }
    }

    // ------------------------------------------------------------------ checks

    /** Each change and marker once per path (told apart by Debezium's runId header), identical otherwise. */
    private static Set<UUID> assertBothPathsDelivered(ParityTransaction.Captured tx) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byPosition = tx.changes().stream()
                .collect(Collectors.groupingBy(RawRecordFields::position, TreeMap::new, Collectors.toList()));
        assertEquals(4, byPosition.size(), "the transaction's four row changes: " + byPosition.keySet());
        Set<String> runIds = new HashSet<>();
        Set<UUID> eventIds = new HashSet<>();
        byPosition.forEach((position, copies) -> {
            Set<String> paths = copies.stream().map(RawRecordFields::runId).collect(Collectors.toSet());
            assertEquals(2, paths.size(), position + " arrived through both paths: " + paths);
            runIds.addAll(paths);
            ConsumerRecord<byte[], byte[]> first = copies.get(0);
            for (ConsumerRecord<byte[], byte[]> copy : copies) {
                assertEquals(first.topic(), copy.topic());
                assertArrayEquals(first.key(), copy.key(), position + ": identical key bytes");
                assertEquals(withoutProcessingTime(first.value()), withoutProcessingTime(copy.value()),
                        position + ": identical value apart from Debezium's processing time");
                assertEquals(headerNames(first), headerNames(copy), position + ": the same header names");
                for (String name : List.of("__debezium.context.connectorLogicalName",
                        "__debezium.context.connectorName", "__debezium.context.taskId")) {
                    assertArrayEquals(first.headers().lastHeader(name).value(), copy.headers().lastHeader(name).value(),
                            position + ": header " + name);
                }
            }
            Set<UUID> ids = copies.stream().map(RawRecordFields::eventId).collect(Collectors.toSet());
            assertEquals(1, ids.size(), position + ": one canonical event id for both paths");
            eventIds.addAll(ids);
        });
        assertEquals(2, runIds.size(), "exactly two Debezium Servers delivered");
        assertEquals(4, eventIds.size());

        Map<String, List<ConsumerRecord<byte[], byte[]>>> markers = tx.markers().stream()
                .collect(Collectors.groupingBy(r -> payload(r.value()).get("status").asText()));
        assertEquals(Set.of("BEGIN", "END"), markers.keySet());
        markers.forEach((status, copies) -> {
            assertTrue(copies.size() >= 2, status + " once per path at least");
            for (ConsumerRecord<byte[], byte[]> copy : copies) {
                assertEquals(ParityStack.PREFIX + ".transaction", copy.topic());
                assertEquals("{\"id\":\"" + tx.id() + "\"}", new String(copy.key(), StandardCharsets.UTF_8));
                assertArrayEquals(copies.get(0).value(), copy.value(), status + ": identical marker bytes");
            }
        });
        assertEquals(4, payload(markers.get("END").get(0).value()).get("event_count").asInt());
        return eventIds;
    }

    /** The normalizer stored each change once although it read it twice, under the id computed here. */
    private static void assertOneRowPerChange(ParityTransaction.Captured tx, Set<UUID> expected) throws Exception {
        if (normalizer == null) {
            System.out.println("[HttpSinkParityIT] normalizer-service not built: PostgreSQL check skipped");
            return;
        }
        String transactionId = ParityStack.PREFIX + ":" + tx.id();
        String url = "jdbc:postgresql://" + ParityStack.env("AUDIT_DB_HOST", "127.0.0.1") + ":"
                + ParityStack.env("AUDIT_DB_PORT", "5432") + "/" + ParityStack.env("AUDIT_TEST_DB_NAME", "audit_test");
        Set<UUID> stored = new HashSet<>();
        int rows = 0;
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < deadline) {
            stored.clear();
            rows = 0;
            try (Connection c = DriverManager.getConnection(url, ParityStack.env("AUDIT_DB_USER", "postgres"), "");
                    PreparedStatement q = c.prepareStatement(
                            "SELECT event_id FROM changes.change_event WHERE transaction_id = ?")) {
                q.setString(1, transactionId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        stored.add(rs.getObject(1, UUID.class));
                    }
                }
            } catch (SQLException notYetMigrated) {
                // the normalizer creates its schema at start
            }
            if (rows >= expected.size()) {
                break;
            }
            Thread.sleep(500);
        }
        Thread.sleep(2000);
        assertEquals(expected, stored, "changes.change_event holds the ids computed from both paths");
        assertEquals(expected.size(), rows, "one row per change although every change arrived twice");
    }


    private static double metric(String series) {
        String body = given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }


    // ------------------------------------------------------------------ the two Debezium Servers

    private void startDebezium() throws IOException, InterruptedException {
        if (kafkaSink != null) {
            return;
        }
        Path dist = Path.of(ParityStack.env("DEBEZIUM_HOME",
                System.getProperty("user.home") + "/.cache/audit-overlay/debezium-server-3.6.1.Final"));
        Path java = Path.of(ParityStack.env("DEBEZIUM_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        String smt = System.getProperty("it.ingest-smt-path", Path.of("../ingest-smt/target/classes").toAbsolutePath().toString());
        Map<String, String> common = Map.of(
                "debezium.source.topic.prefix", ParityStack.PREFIX,
                "debezium.source.snapshot.mode", "no_data",
                "debezium.source.table.include.list", "pharmacy.inventory,pharmacy.inventory_adjustments");
        Map<String, String> env = Map.of("SOURCE_DB_HOST", DB_HOST, "SOURCE_DB_PORT", DB_PORT,
                "INGEST_TOKEN", ParityStack.TOKEN);

        Map<String, String> kafkaOverrides = new LinkedHashMap<>(common);
        kafkaOverrides.put("debezium.source.database.server.id", "5491");
        kafkaOverrides.put("debezium.sink.kafka.producer.bootstrap.servers", ParityStack.kafka.bootstrap());
        kafkaSink = new DebeziumServer("kafka-sink", dist, java, ParityStack.WORK.resolve("dbz-kafka"), 18291, null);
        kafkaSink.start(resource("/it/debezium-kafka-sink.properties"), kafkaOverrides, env);

        Map<String, String> httpOverrides = new LinkedHashMap<>(common);
        httpOverrides.put("debezium.source.database.server.id", "5492");
        httpOverrides.put("debezium.sink.http.url", ingest.toString());
        httpOverrides.put("debezium.sink.http.retry.interval.ms", "1000");
        startNormalizer();
        httpSink = new DebeziumServer("http-sink", dist, java, ParityStack.WORK.resolve("dbz-http"), 18292, smt);
        // the shipped example configuration itself, with only the test's overrides appended
        httpSink.start(Files.readString(Path.of("../deploy/debezium/http-sink/application.properties")),
                httpOverrides, env);
    }

    private static void startNormalizer() throws IOException {
        Path jar = Path.of(ParityStack.env("IT_NORMALIZER_JAR", "../normalizer-service/target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ParityStack.WORK.resolve("normalizer.log").toFile()));
        ServiceProcess.asServiceRole(builder.environment(), false);
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", ParityStack.kafka.bootstrap(),
                "AUDIT_DB_NAME", ParityStack.env("AUDIT_TEST_DB_NAME", "audit_test"),
                "NORMALIZER_GROUP_ID", "ingest-parity-" + UUID.randomUUID(),
                // its default topic pattern (pos*) covers this run's prefix; the private Kafka holds nothing else
                "QUARKUS_HTTP_PORT", "0"));
        normalizer = builder.start();
    }

    private static String resource(String name) throws IOException {
        try (var in = HttpSinkParityIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
