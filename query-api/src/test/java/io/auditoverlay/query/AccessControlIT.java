package io.auditoverlay.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The branch-manager token sees branch(1) and branch(2); OTHER is another branch of the chain. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class AccessControlIT {

    static final String MINE = AuditSchemas.branch(1);
    static final String OTHER = AuditSchemas.branch(9);
    static final Instant T0 = Instant.parse("2026-10-05T12:00:00Z");
    static String actor;
    static long mySale;
    static long otherSale;
    static TrailFixture.Sale other;
    static UUID myAnomaly;
    static UUID otherAnomaly;

    @BeforeAll
    static void data() {
        actor = "u" + TrailFixture.next();
        mySale = TrailFixture.next();
        otherSale = TrailFixture.next();
        TrailFixture.Sale mine = TrailFixture.sale(MINE, mySale, actor, T0);
        other = TrailFixture.sale(OTHER, otherSale, actor, T0.plusSeconds(5));
        myAnomaly = TrailFixture.anomaly(MINE, "MEDIUM", "OPEN", T0, List.of(mine.businessEventId()));
        otherAnomaly = TrailFixture.anomaly(OTHER, "HIGH", "OPEN", T0, List.of(other.businessEventId()));
        TrailFixture.summary(OTHER, LocalDate.of(2026, 10, 5), "other branch");
        TrailFixture.summary(MINE, LocalDate.of(2026, 10, 5), "my branch");
    }

    @Test
    void noTokenOrAnUnknownTokenIs401Problem() {
        given().get("/api/v1/anomalies").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("status", equalTo(401));
        given().auth().oauth2("not-a-token").get("/api/v1/anomalies").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/trace?ref=sale:1").then().statusCode(401);
    }

    @Test
    void managerListsOnlyTheirBranches() {
        given().auth().oauth2(Tokens.MANAGER).queryParam("actor", actor).get("/api/v1/business-events").then().statusCode(200)
                .body("items", hasSize(1)).body("items.branchId", everyItem(equalTo(MINE)));
        given().auth().oauth2(Tokens.AUDITOR).queryParam("actor", actor).get("/api/v1/business-events").then().statusCode(200)
                .body("items", hasSize(2));
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/anomalies?limit=500").then().statusCode(200)
                .body("items.branchId", everyItem(in(List.of(MINE, AuditSchemas.branch(2)))))
                .body("items.id", hasItem(myAnomaly.toString()));
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/branches").then().statusCode(200)
                .body("id", hasItem(MINE)).body("id", not(hasItem(OTHER)));
        given().auth().oauth2(Tokens.MANAGER).queryParam("transaction", other.transactionId()).get("/api/v1/changes").then()
                .statusCode(200).body("items", hasSize(0));
    }

    @Test
    void anotherBranchAnswers404ToAManager() {
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/anomalies/" + otherAnomaly).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/anomalies/" + myAnomaly).then().statusCode(200);
        given().auth().oauth2(Tokens.MANAGER).queryParam("branch", OTHER).get("/api/v1/business-events").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).queryParam("branch", OTHER).get("/api/v1/anomalies").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/transactions/" + other.transactionId()).then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).queryParam("ref", "sale:" + otherSale).get("/api/v1/trace").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).queryParam("ref", other.businessEventId().toString()).get("/api/v1/trace").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).queryParam("ref", "sale:" + mySale).get("/api/v1/trace").then().statusCode(200);
        given().auth().oauth2(Tokens.MANAGER).queryParam("branch", OTHER).get("/api/v1/summaries/2026-10-05").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/summaries/2026-10-05").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).queryParam("branch", MINE).get("/api/v1/summaries/2026-10-05").then().statusCode(200);
        given().auth().oauth2(Tokens.MANAGER).queryParam("branch", OTHER).queryParam("from", "2026-10-05").queryParam("to", "2026-10-06")
                .get("/api/v1/export").then().statusCode(404);
        given().auth().oauth2(Tokens.MANAGER).contentType("application/json").body("{\"status\":\"ACKNOWLEDGED\",\"note\":\"x\"}")
                .patch("/api/v1/anomalies/" + otherAnomaly).then().statusCode(404);
    }

    @Test
    void managerExportHoldsOnlyTheirRows() {
        String ndjson = given().auth().oauth2(Tokens.MANAGER).queryParam("from", "2026-10-05").queryParam("to", "2026-10-06")
                .queryParam("kind", "changes").get("/api/v1/export").then().statusCode(200).extract().asString();
        Assertions.assertFalse(ndjson.contains(OTHER));
        Assertions.assertTrue(ndjson.contains(MINE));
    }

    @Test
    void aiAgentCannotExport() {
        given().auth().oauth2(Tokens.AGENT).queryParam("from", "2026-10-05").queryParam("to", "2026-10-06")
                .queryParam("kind", "changes").get("/api/v1/export").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.AGENT).queryParam("from", "2026-10-05").queryParam("to", "2026-10-06")
                .get("/api/v1/export").then().statusCode(403);
    }

    @Test
    void aiAgentReadsButCannotTriage() {
        given().auth().oauth2(Tokens.AGENT).get("/api/v1/anomalies/" + otherAnomaly).then().statusCode(200);
        given().auth().oauth2(Tokens.AGENT).contentType("application/json").body("{\"status\":\"ACKNOWLEDGED\",\"note\":\"x\"}")
                .patch("/api/v1/anomalies/" + otherAnomaly).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void managerTriagesTheirOwnBranch() {
        given().auth().oauth2(Tokens.MANAGER).contentType("application/json").body("{\"status\":\"ACKNOWLEDGED\",\"note\":\"on it\"}")
                .patch("/api/v1/anomalies/" + myAnomaly).then().statusCode(200).body("anomaly.statusChangedBy", equalTo("test-manager"));
    }
}
