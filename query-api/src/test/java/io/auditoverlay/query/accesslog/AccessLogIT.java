package io.auditoverlay.query.accesslog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every REST call and export lands in api.access_log and in the JSON file log; the table is append-only. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class AccessLogIT {

    static final String BRANCH = AuditSchemas.branch(1);
    static final ObjectMapper JSON = new ObjectMapper();
    /** A day no other test writes to, so that the export holds exactly this class's sale. */
    static final LocalDate DAY = LocalDate.of(2040, 1, 1)
            .plusDays(ThreadLocalRandom.current().nextInt(20_000));
    static String actor;

    @BeforeAll
    static void data() {
        actor = "u" + TrailFixture.next();
        TrailFixture.sale(BRANCH, TrailFixture.next(), actor, DAY.atTime(9, 0).toInstant(ZoneOffset.UTC));
    }

    /** The newest access-log row of a caller whose query contains {@code marker}, once the writer has stored it. */
    static JsonNode entry(String caller, String marker) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String body = given().auth().oauth2(Tokens.AUDITOR).queryParam("actor", caller).queryParam("limit", 200)
                    .get("/api/v1/access-log").then().statusCode(200).extract().asString();
            for (JsonNode row : JSON.readTree(body).path("items")) {
                if (row.path("query").asText("").contains(marker) || row.path("path").asText("").contains(marker)) {
                    return row;
                }
            }
            return null;
        }, Objects::nonNull);
    }

    @Test
    void restCallsAreRecordedWithCallerRowsBytesAndStatus() {
        String marker = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.MANAGER).queryParam("actor", actor).queryParam("q", marker)
                .get("/api/v1/business-events").then().statusCode(200);
        given().auth().oauth2(Tokens.MANAGER).queryParam("actor", actor)
                .queryParam("marker", marker + "-all").get("/api/v1/business-events").then().statusCode(200);
        JsonNode none = entry("test-manager", "q=" + marker);
        assertEquals("branch-manager", none.path("role").asText());
        assertEquals("REST", none.path("channel").asText());
        assertEquals("GET", none.path("method").asText());
        assertEquals("/api/v1/business-events", none.path("path").asText());
        assertEquals(200, none.path("status").asInt());
        assertEquals(0, none.path("rows").asInt());
        assertTrue(none.path("bytes").asLong() > 0);
        assertEquals("127.0.0.1", none.path("client").asText());
        assertTrue(none.path("durationMs").asInt() >= 0);
        JsonNode one = entry("test-manager", marker + "-all");
        assertEquals(1, one.path("rows").asInt(), "the sale's one business event");
    }

    @Test
    void refusedAndAnonymousCallsAreRecordedToo() {
        String marker = UUID.randomUUID().toString();
        given().queryParam("m", marker).get("/api/v1/anomalies").then().statusCode(401);
        given().auth().oauth2("not-a-token").queryParam("m", marker + "-bad").get("/api/v1/anomalies").then().statusCode(401);
        given().auth().oauth2(Tokens.MANAGER).queryParam("m", marker + "-403").get("/api/v1/access-log").then().statusCode(403);
        JsonNode anonymous = entry("anonymous", "m=" + marker);
        assertEquals(401, anonymous.path("status").asInt());
        assertEquals("none", anonymous.path("role").asText());
        assertEquals(401, entry("anonymous", marker + "-bad").path("status").asInt());
        assertEquals(403, entry("test-manager", marker + "-403").path("status").asInt());
    }

    @Test
    void exportsAreRecordedWithTheirRowCountAndEveryByteStreamed() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String body = given().auth().oauth2(Tokens.AUDITOR).queryParam("from", DAY.toString()).queryParam("to", DAY.plusDays(1).toString())
                .queryParam("branch", BRANCH).queryParam("format", "csv").queryParam("type", "sale.completed")
                .queryParam("m", marker).get("/api/v1/export").then().statusCode(200).extract().asString();
        JsonNode row = entry("test-auditor", "m=" + marker);
        assertEquals("EXPORT", row.path("channel").asText());
        assertEquals(1, row.path("rows").asInt());
        assertEquals(body.getBytes(StandardCharsets.UTF_8).length, row.path("bytes").asLong());
    }

    @Test
    void theAccessLogIsForAuditorsAndFilters() {
        given().auth().oauth2(Tokens.AGENT).get("/api/v1/access-log").then().statusCode(403);
        given().auth().oauth2(Tokens.AUDITOR).queryParam("channel", "nope").get("/api/v1/access-log").then().statusCode(400);
        String marker = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.AGENT).queryParam("m", marker).get("/api/v1/branches").then().statusCode(200);
        entry("test-agent", marker);
        given().auth().oauth2(Tokens.AUDITOR).queryParam("actor", "test-agent").queryParam("channel", "rest").queryParam("limit", 1)
                .get("/api/v1/access-log").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].actor", equalTo("test-agent"));
    }

    @Test
    void theTableRefusesUpdateDeleteAndTruncate() throws SQLException {
        String marker = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.AUDITOR).queryParam("m", marker).get("/api/v1/branches").then().statusCode(200);
        long id = entry("test-auditor", marker).path("id").asLong();
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement()) {
            for (String sql : List.of("UPDATE api.access_log SET actor = 'someone' WHERE id = " + id,
                    "DELETE FROM api.access_log WHERE id = " + id, "TRUNCATE api.access_log")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
        }
        assertEquals("test-auditor", entry("test-auditor", marker).path("actor").asText());
    }

    @Test
    void theJsonFileLogCarriesEachAccessWithItsFields() throws Exception {
        String marker = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.AUDITOR).queryParam("m", marker).get("/api/v1/branches").then().statusCode(200);
        Path file = Path.of("target/logs/query-api.json.log");
        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(file).stream()
                .filter(l -> l.contains(marker)).findFirst().map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception e) {
                        throw new IllegalStateException(l, e);
                    }
                }).orElse(null), Objects::nonNull);
        assertEquals(AccessLog.CATEGORY, line.path("loggerName").asText());
        JsonNode mdc = line.path("mdc");
        assertEquals("test-auditor", mdc.path("actor").asText());
        assertEquals("auditor", mdc.path("role").asText());
        assertEquals("/api/v1/branches", mdc.path("path").asText());
        assertEquals("200", mdc.path("status").asText());
        assertNotNull(mdc.get("bytes"));
    }
}
