package io.auditoverlay.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditoverlay.ingest.support.Captured;
import io.auditoverlay.ingest.support.RawTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * POST /ingest against the real Kafka ({@code KAFKA_BOOTSTRAP_SERVERS}), replaying requests the http
 * sink really sent. Each test writes under its own database name (so its own topics) and transaction id.
 */
@QuarkusTest
class IngestResourceIT {

    static final String TOKEN_A = "ingest-test-token-a";
    static final String TOKEN_B = "ingest-test-token-b";
    /** Prefix ingtest, bound to branch id 2. */
    static final String TOKEN_C = "ingest-test-token-c";
    static final String PREFIX = "ingtest";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A record header value as Debezium's JSON header converter and the http sink encode it. */
    static String debeziumHeader(String value) {
        String json = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\""
                + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static RequestSpecification asHttpSink(Captured.Request request, String token) {
        RequestSpecification spec = given().contentType("application/json");
        request.headers().forEach((name, value) -> {
            if (name.toUpperCase().startsWith("X-DEBEZIUM-") && !name.equalsIgnoreCase("X-DEBEZIUM-INGEST.TOKEN")) {
                spec.header(name, value);
            }
        });
        if (token != null) {
            spec.header("X-DEBEZIUM-INGEST.TOKEN", debeziumHeader(token));
        }
        return spec.body(request.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void httpSinkRequestsLandExactlyAsTheKafkaSinkWouldWriteThem() {
        String db = "db_" + unique();
        String tx = "0-17-" + unique();
        List<Captured.Request> requests = Captured.requests().stream().skip(1)
                .map(r -> r.rewritten(PREFIX, db, tx)).toList();
        for (Captured.Request request : requests) {
            asHttpSink(request, TOKEN_A).post("/ingest").then().statusCode(200);
        }
        RawTopics topics = new RawTopics(bootstrap);

        List<ConsumerRecord<byte[], byte[]>> markers = topics.await(PREFIX + ".transaction",
                r -> ("{\"id\":\"" + tx + "\"}").equals(text(r.key())), 2, Duration.ofSeconds(20));
        assertEquals(2, markers.size());
        assertArrayEquals(requests.get(0).body().getBytes(StandardCharsets.UTF_8), markers.get(0).value());
        assertArrayEquals(requests.get(4).body().getBytes(StandardCharsets.UTF_8), markers.get(1).value());

        List<ConsumerRecord<byte[], byte[]>> inventory = topics.await(PREFIX + "." + db + ".inventory",
                r -> true, 1, Duration.ofSeconds(20));
        assertEquals(1, inventory.size());
        assertEquals("{\"branch_id\":1,\"product_id\":1}", text(inventory.get(0).key()));
        assertArrayEquals(requests.get(1).body().getBytes(StandardCharsets.UTF_8), inventory.get(0).value());
        assertEquals("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"pos\"}",
                text(inventory.get(0).headers().lastHeader("__debezium.context.connectorLogicalName").value()));
        assertNull(inventory.get(0).headers().lastHeader("__debezium.context.ingest.token"));
        assertEquals(4, inventory.get(0).headers().toArray().length);

        List<ConsumerRecord<byte[], byte[]>> adjustments = topics.await(PREFIX + "." + db + ".inventory_adjustments",
                r -> true, 3, Duration.ofSeconds(20));
        assertEquals(3, adjustments.size(), "insert, delete, tombstone");
        assertArrayEquals(requests.get(2).body().getBytes(StandardCharsets.UTF_8), adjustments.get(0).value());
        assertArrayEquals(requests.get(3).body().getBytes(StandardCharsets.UTF_8), adjustments.get(1).value());
        assertNull(adjustments.get(2).value());
        for (ConsumerRecord<byte[], byte[]> r : adjustments) {
            assertEquals("{\"id\":1}", text(r.key()));
        }
    }

    @Test
    void batchesAsArrayAndNdjsonWithKeyValueRecords() {
        String db = "db_" + unique();
        String tx = "0-17-" + unique();
        List<Captured.Request> r = Captured.requests().stream().map(c -> c.rewritten(PREFIX, db, tx)).toList();
        String array = "[" + r.get(1).body() + ",{\"key\":{\"branch_id\":1,\"product_id\":1},\"value\":" + r.get(2).body()
                + "}]";
        String ndjson = "{\"key\":{\"id\":1},\"value\":" + r.get(3).body() + "}\n" + r.get(5).body() + "\n";
        given().header("Authorization", "Bearer " + TOKEN_A).contentType("application/json")
                .body(array.getBytes(StandardCharsets.UTF_8))
                .post("/ingest").then().statusCode(200).body("events", equalTo(2)).body("records", equalTo(2));
        given().header("Authorization", "Bearer " + TOKEN_A).contentType("application/x-ndjson")
                .body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/ingest").then().statusCode(200).body("events", equalTo(2));

        RawTopics topics = new RawTopics(bootstrap);
        List<ConsumerRecord<byte[], byte[]>> inventory = topics.await(PREFIX + "." + db + ".inventory", x -> true, 1,
                Duration.ofSeconds(20));
        assertArrayEquals(r.get(2).body().getBytes(StandardCharsets.UTF_8), inventory.get(0).value());
        assertEquals("{\"branch_id\":1,\"product_id\":1}", text(inventory.get(0).key()));
        List<ConsumerRecord<byte[], byte[]>> markers = topics.await(PREFIX + ".transaction",
                x -> ("{\"id\":\"" + tx + "\"}").equals(text(x.key())), 2, Duration.ofSeconds(20));
        assertEquals(2, markers.size());
    }

    @Test
    void malformedInputGetsItsStatusAndWritesNothing() {
        String db = "db_" + unique();
        String tx = "0-17-" + unique();
        List<Captured.Request> r = Captured.requests().stream().map(c -> c.rewritten(PREFIX, db, tx)).toList();
        String valid = r.get(2).body();

        Map<String, byte[]> bad = Map.of(
                "truncated", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8),
                "nul byte", (valid.substring(0, 40) + '\u0000' + valid.substring(40)).getBytes(StandardCharsets.UTF_8),
                "wrong types", valid.replace("\"op\":\"u\"", "\"op\":17").getBytes(StandardCharsets.UTF_8),
                "valid then invalid in one batch", ("[{\"key\":{\"branch_id\":1,\"product_id\":1},\"value\":" + valid
                        + "}," + valid.replace("\"pos\":", "\"pos\":\"x\",\"was\":") + "]")
                        .getBytes(StandardCharsets.UTF_8));
        bad.forEach((what, body) -> given().header("Authorization", "Bearer " + TOKEN_A)
                .contentType("application/json").body(body)
                .post("/ingest").then().log().ifValidationFails()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", containsString("/problems/ingest/")));

        given().header("Authorization", "Bearer " + TOKEN_A).contentType("application/json")
                .body(valid.replace("\"op\":\"u\"", "\"op\":17").getBytes(StandardCharsets.UTF_8))
                .post("/ingest").then().body("errors", hasItem("event 0: op must be a string, got number"));

        byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
        Arrays.fill(fiveMegabytes, (byte) ' ');
        byte[] head = valid.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, fiveMegabytes, 0, head.length);
        given().header("Authorization", "Bearer " + TOKEN_A).contentType("application/json").body(fiveMegabytes)
                .post("/ingest").then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));

        assertNothingWritten(db);
    }

    @Test
    void tokensAreCheckedAndBoundToTheirPrefix() {
        String db = "db_" + unique();
        List<Captured.Request> r = Captured.requests().stream().map(c -> c.rewritten(PREFIX, db, "0-17-" + unique()))
                .toList();
        asHttpSink(r.get(2), null).post("/ingest").then().statusCode(401).contentType("application/problem+json");
        asHttpSink(r.get(2), "not-a-token").post("/ingest").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body(r.get(2).body())
                .post("/ingest").then().statusCode(401);
        asHttpSink(r.get(2), TOKEN_B).post("/ingest").then().statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0]", equalTo("event 0: source.name 'ingtest' is not this branch's topic prefix"));
        assertNothingWritten(db);
    }

    @Test
    void aRowNamingAnotherBranchThanTheTokensIsRefusedAndNothingIsWritten() {
        String db = "db_" + unique();
        List<Captured.Request> r = Captured.requests().stream().map(c -> c.rewritten(PREFIX, db, "0-17-" + unique()))
                .toList();
        asHttpSink(r.get(2), TOKEN_C).post("/ingest").then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString("branch-mismatch"))
                .body("errors[0]", equalTo("event 0: inventory.branch_id in 'before' is 1, but the token is branch branch-c's (2)"));
        given().header("Authorization", "Bearer " + TOKEN_C).contentType("application/json")
                .body("[" + r.get(1).body() + "," + r.get(2).body() + "]").post("/ingest").then().statusCode(400);
        assertNothingWritten(db);
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200);
        // every endpoint but /q/health needs a token: /q/metrics the metrics token (docs/security.md)
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN_A).get("/q/metrics").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/ingest"));
        given().header("Authorization", "Bearer nope").contentType("application/json").body("{}").post("/ingest");
        given().header("Authorization", "Bearer test-metrics-token").get("/q/metrics").then().statusCode(200)
                .body(containsString("ingest_rejected_total{reason=\"unauthorized\"}"));
    }

    private void assertNothingWritten(String db) {
        // the raw topics of a database appear only when a record is written to them
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> written = new RawTopics(bootstrap).topics().stream().filter(t -> t.contains(db)).toList();
        assertEquals(List.of(), written);
        assertFalse(written.iterator().hasNext());
        assertNotNull(db);
    }
}
