package io.auditoverlay.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.auditoverlay.ingest.support.Captured;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With no broker at the configured address, a valid request gets 503 with Retry-After (so Debezium's
 * http sink retries) and readiness is DOWN. That nothing is lost once Kafka returns is shown by
 * KafkaOutageIT against a broker that is really stopped and started again.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {

    /** Port 9 (discard) on loopback: nothing listens there on these machines. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:9", "audit.ingest.kafka-timeout", "3s");
        }
    }

    @Test
    void answers503WithRetryAfterAndReadinessIsDown() {
        Captured.Request update = Captured.requests().get(2).rewritten(IngestResourceIT.PREFIX, "db_down", "0-1-1");
        IngestResourceIT.asHttpSink(update, IngestResourceIT.TOKEN_A).post("/ingest").then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", containsString("kafka-unavailable"))
                .body("status", equalTo(503));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
