package io.auditoverlay.ingest.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.ingest.support.RawTopics;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import io.auditoverlay.model.id.EventIds;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB_HOST = ParityStack.env("SOURCE_DB_HOST", "127.0.0.1");
    private static final String DB_PORT = ParityStack.env("SOURCE_DB_PORT", "3307");
    private static final Duration ARRIVAL = Duration.ofSeconds(90);

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
        writeTransaction(marker);
        Captured tx = awaitTransaction(marker);

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
        writeTransaction(marker);
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

        Captured tx = awaitTransaction(marker);
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
    private static Set<UUID> assertBothPathsDelivered(Captured tx) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byPosition = tx.changes().stream()
                .collect(Collectors.groupingBy(HttpSinkParityIT::position, TreeMap::new, Collectors.toList()));
        assertEquals(4, byPosition.size(), "the transaction's four row changes: " + byPosition.keySet());
        Set<String> runIds = new HashSet<>();
        Set<UUID> eventIds = new HashSet<>();
        byPosition.forEach((position, copies) -> {
            Set<String> paths = copies.stream().map(HttpSinkParityIT::runId).collect(Collectors.toSet());
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
            Set<UUID> ids = copies.stream().map(HttpSinkParityIT::eventId).collect(Collectors.toSet());
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
    private static void assertOneRowPerChange(Captured tx, Set<UUID> expected) throws Exception {
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

    private static String position(ConsumerRecord<byte[], byte[]> r) {
        JsonNode source = payload(r.value()).get("source");
        return source.get("table").asText() + "@" + source.get("file").asText() + ":" + source.get("pos").asLong()
                + "#" + source.get("row").asInt();
    }

    private static String runId(ConsumerRecord<byte[], byte[]> r) {
        Header header = r.headers().lastHeader("__debezium.context.runId");
        return header == null ? "none" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> headerNames(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(Header::key).sorted().toList();
    }

    private static JsonNode withoutProcessingTime(byte[] value) {
        JsonNode message = read(value);
        ObjectNode payload = (ObjectNode) DebeziumEnvelope.payload(message);
        payload.remove(List.of("ts_ms", "ts_us", "ts_ns"));
        return message;
    }

    /** The canonical event id as the normalizer computes it, primary key from the record key. */
    @SuppressWarnings("unchecked")
    private static UUID eventId(ConsumerRecord<byte[], byte[]> r) {
        JsonNode source = payload(r.value()).get("source");
        SourcePosition position = new SourcePosition(source.get("server_id").asLong(), source.get("file").asText(),
                source.get("pos").asLong(), source.get("row").asInt(),
                source.hasNonNull("gtid") ? source.get("gtid").asText() : null, false);
        Map<String, Object> key = JSON.convertValue(read(r.key()), LinkedHashMap.class);
        return EventIds.changeEventId(source.get("name").asText(), source.get("db").asText(),
                source.get("table").asText(), position, key);
    }

    private static JsonNode payload(byte[] value) {
        return DebeziumEnvelope.payload(read(value));
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double metric(String series) {
        String body = given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    // ------------------------------------------------------------------ the source transaction

    /** One POS-like adjustment transaction: an inventory update, two adjustment rows, one of them deleted. */
    private static void writeTransaction(String marker) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + DB_HOST + ":" + DB_PORT + "/pharmacy",
                ParityStack.env("SOURCE_DB_USER", "pos"), ParityStack.env("SOURCE_DB_PASSWORD", "pos"))) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE inventory SET quantity = quantity - 1, last_reason = 'DAMAGE', last_user_id = 1 "
                        + "WHERE branch_id = 1 AND product_id = 1");
            }
            long first;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO inventory_adjustments "
                    + "(branch_id, product_id, user_id, delta, reason, note, created_at) "
                    + "VALUES (1, 1, 1, -1, 'DAMAGE', ?, UTC_TIMESTAMP(3))", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, marker);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    first = keys.getLong(1);
                }
                insert.setString(1, marker + "-2");
                insert.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM inventory_adjustments WHERE id = ?")) {
                delete.setLong(1, first);
                delete.executeUpdate();
            }
            c.commit();
        }
    }

    private record Captured(String id, List<ConsumerRecord<byte[], byte[]>> changes,
            List<ConsumerRecord<byte[], byte[]>> markers) {
    }

    /** All records of the transaction that wrote {@code marker}, once both paths delivered it. */
    private static Captured awaitTransaction(String marker) {
        RawTopics topics = new RawTopics(ParityStack.kafka.bootstrap());
        String prefix = ParityStack.PREFIX;
        List<ConsumerRecord<byte[], byte[]>> marked = topics.await(prefix + ".pharmacy.inventory_adjustments",
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(marker), 2, ARRIVAL);
        assertTrue(marked.size() >= 2, "the insert of " + marker + " arrived through both paths: " + marked.size());
        String tx = payload(marked.get(0).value()).get("transaction").get("id").asText();
        String txKey = "{\"id\":\"" + tx + "\"}";
        List<ConsumerRecord<byte[], byte[]>> all = topics.await(
                List.of(prefix + ".pharmacy.inventory", prefix + ".pharmacy.inventory_adjustments", prefix + ".transaction"),
                r -> r.topic().endsWith(".transaction")
                        ? txKey.equals(new String(r.key(), StandardCharsets.UTF_8))
                        : r.value() != null && tx.equals(payload(r.value()).path("transaction").path("id").asText()),
                12, ARRIVAL);
        return new Captured(tx,
                all.stream().filter(r -> !r.topic().endsWith(".transaction")).toList(),
                all.stream().filter(r -> r.topic().endsWith(".transaction")).toList());
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
