package io.auditoverlay.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.auditoverlay.query.trace.TraceRef;
import io.auditoverlay.query.trace.TraceService;
import io.auditoverlay.query.trace.TraceView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class RestContractIT {

    @Inject
    TraceService traces;

    static final String BRANCH = AuditSchemas.branch(1);
    static final Instant T0 = Instant.parse("2026-10-03T09:00:00Z");
    static String actor;
    static TrailFixture.Sale sale;
    static long saleId;

    @BeforeAll
    static void data() {
        actor = "u" + TrailFixture.next();
        saleId = TrailFixture.next();
        sale = TrailFixture.sale(BRANCH, saleId, actor, T0);
        for (int i = 0; i < 7; i++) {
            TrailFixture.businessEvent("inventory.adjusted", BRANCH, actor, "product", "9" + i, T0.plusSeconds(60 + i),
                    TrailFixture.transactionId(), "{\"reason\": \"" + (i == 3 ? "THEFT 100% sure_" : "DAMAGE") + "\", \"delta\": -" + i + "}", List.of());
        }
    }

    static RequestSpecification auditor() {
        return given().auth().oauth2(Tokens.AUDITOR);
    }

    @Test
    void pagesThroughEventsNewestFirstWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = auditor().queryParam("actor", actor).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response r = request.get("/api/v1/business-events").then().statusCode(200).body("limit", equalTo(3)).extract().response();
            seen.addAll(r.path("items.id"));
            cursor = r.path("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(8, seen.size(), "7 adjustments and one sale");
        assertEquals(8, new HashSet<>(seen).size());
        assertEquals(3, pages);
        List<String> times = auditor().queryParam("actor", actor).queryParam("limit", 50).get("/api/v1/business-events")
                .then().extract().path("items.occurredAt");
        List<String> sorted = new ArrayList<>(times);
        sorted.sort(Comparator.reverseOrder());
        assertEquals(sorted, times);
    }

    @Test
    void capsThePageSize() {
        auditor().queryParam("limit", 100000).get("/api/v1/changes").then().statusCode(200).body("limit", equalTo(500));
        auditor().get("/api/v1/anomalies").then().statusCode(200).body("limit", equalTo(50));
    }

    @Test
    void malformedFiltersAreProblems() {
        for (String[] bad : new String[][] {
                {"/api/v1/changes", "from", "yesterday-ish"},
                {"/api/v1/changes", "op", "MERGE"},
                {"/api/v1/changes", "pk", "nokey"},
                {"/api/v1/changes", "limit", "-1"},
                {"/api/v1/business-events", "cursor", "not-a-cursor"},
                {"/api/v1/anomalies", "severity", "HIGH,URGENT"},
                {"/api/v1/anomalies", "since", "7 days"},
        }) {
            auditor().queryParam(bad[1], bad[2]).get(bad[0]).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("title", equalTo("Bad Request")).body("detail", containsString(bad[1]));
        }
        auditor().queryParam("from", "2026-10-02").queryParam("to", "2026-10-01").get("/api/v1/business-events")
                .then().statusCode(400).body("detail", containsString("before"));
    }

    @Test
    void sqlMetacharactersInFiltersAreJustCharacters() {
        auditor().queryParam("actor", "' OR '1'='1").get("/api/v1/business-events").then().statusCode(200).body("items", hasSize(0));
        auditor().queryParam("table", "sales; DROP TABLE changes.change_event; --").get("/api/v1/changes")
                .then().statusCode(200).body("items", hasSize(0));
        // LIKE wildcards are literal: '%' and '_' match only themselves
        auditor().queryParam("actor", actor).queryParam("q", "100% sure_").get("/api/v1/business-events")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].attributes.reason", equalTo("THEFT 100% sure_"));
        auditor().queryParam("actor", actor).queryParam("q", "%").get("/api/v1/business-events")
                .then().statusCode(200).body("items", hasSize(1));
        auditor().queryParam("actor", actor).queryParam("q", "_").get("/api/v1/business-events")
                .then().statusCode(200).body("items", hasSize(1));
        // and the table is still there
        auditor().queryParam("transaction", sale.transactionId()).get("/api/v1/changes").then().statusCode(200).body("items", hasSize(7));
    }

    @Test
    void textSearchFindsAttributes() {
        auditor().queryParam("actor", actor).queryParam("q", "theft").get("/api/v1/business-events")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].type", equalTo("inventory.adjusted"));
    }

    @Test
    void unknownRoutesAndIdsAre404Problems() {
        auditor().get("/api/v1/no-such-thing").then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        auditor().get("/api/v1/anomalies/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        auditor().get("/api/v1/transactions/qa:none-" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        auditor().get("/api/v1/anomalies/not-a-uuid").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void transactionShowsEndMarkerChangesAndEvents() {
        auditor().get("/api/v1/transactions/" + sale.transactionId()).then().statusCode(200)
                .body("transaction.eventCount", equalTo(7))
                .body("transaction.storedChanges", equalTo(7))
                .body("transaction.complete", equalTo(true))
                .body("businessEvents", hasSize(1))
                .body("businessEvents[0].event.type", equalTo("sale.completed"))
                .body("businessEvents[0].changes", hasSize(7))
                .body("businessEvents[0].changes[0].table", equalTo("sales"))
                .body("businessEvents[0].changes.position.file", everyItem(equalTo("mb.000001")))
                .body("businessEvents[0].changes.position.pos", everyItem(notNullValue()));
    }

    @Test
    void aTransactionTraceCountsItsStoredChangesWhetherOrNotItIsCut() {
        TraceRef ref = traces.parse(sale.transactionId());
        Caller auditor = new Caller("contract", "auditor", Optional.empty());
        TraceView whole = traces.trace(ref, auditor, 10, 7);
        assertEquals(false, whole.truncated());
        assertEquals(7, whole.transaction().storedChanges(), "the changes read are all of them");
        TraceView cut = traces.trace(ref, auditor, 10, 3);
        assertEquals(true, cut.truncated());
        assertEquals(7, cut.transaction().storedChanges(), "counted, not the 3 shown");
        assertEquals(true, cut.transaction().complete());
    }

    @Test
    void tracesASaleFromBusinessEventToBinlogPositions() {
        Response r = auditor().queryParam("ref", "sale:" + saleId).get("/api/v1/trace").then().statusCode(200)
                .body("ref.kind", equalTo("SUBJECT"))
                .body("businessEvents", hasSize(1))
                .body("businessEvents[0].event.id", equalTo(sale.businessEventId().toString()))
                .body("businessEvents[0].changes", hasSize(7))
                .body("otherChanges", hasSize(0)).extract().response();
        List<Integer> orders = r.path("businessEvents[0].changes.transactionOrder");
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), orders);
        // by transaction id, and by the id of one of its row changes
        auditor().queryParam("ref", sale.transactionId()).get("/api/v1/trace").then().statusCode(200)
                .body("ref.kind", equalTo("TRANSACTION")).body("businessEvents[0].changes", hasSize(7));
        auditor().queryParam("ref", sale.changeIds().get(3).toString()).get("/api/v1/trace").then().statusCode(200)
                .body("ref.kind", equalTo("EVENT")).body("transaction.transactionId", equalTo(sale.transactionId()));
        auditor().get("/api/v1/trace").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void changesFilterByTableAndPrimaryKey() {
        auditor().queryParam("table", "sales").queryParam("pk", "id=" + saleId).get("/api/v1/changes").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].after.status", equalTo("COMPLETED"))
                .body("items[0].primaryKey.id", equalTo((int) saleId));
    }

    @Test
    void acknowledgesAndDismissesAnomaliesWithARecord() {
        UUID id = TrailFixture.anomaly(BRANCH, "HIGH", "OPEN", Instant.now(), List.of(sale.businessEventId()));
        String path = "/api/v1/anomalies/" + id;
        auditor().contentType("application/json").body("{\"status\":\"DISMISSED\"}").patch(path)
                .then().statusCode(400).body("detail", containsString("note"));
        auditor().contentType("application/json").body("{\"status\":\"ACKNOWLEDGED\",\"note\":\"looking into it\"}").patch(path)
                .then().statusCode(200).body("anomaly.status", equalTo("ACKNOWLEDGED"))
                .body("anomaly.statusChangedBy", equalTo("test-auditor"))
                .body("statusHistory", hasSize(1)).body("statusHistory[0].note", equalTo("looking into it"));
        auditor().contentType("application/json").body("{\"status\":\"ACKNOWLEDGED\"}").patch(path)
                .then().statusCode(409).contentType("application/problem+json");
        auditor().contentType("application/json").body("{\"status\":\"DISMISSED\",\"note\":\"training session\"}").patch(path)
                .then().statusCode(200).body("anomaly.status", equalTo("DISMISSED")).body("statusHistory", hasSize(2));
        auditor().contentType("application/json").body("{\"status\":").patch(path).then().statusCode(400).contentType("application/problem+json");
        auditor().queryParam("branch", BRANCH).queryParam("status", "DISMISSED").get("/api/v1/anomalies").then().statusCode(200)
                .body("items.id", Matchers.hasItem(id.toString()));
    }

    @Test
    void aListCarriesTheFirstEvidenceIdsAndTheirCountTheAnomalyAllOfThem() {
        List<UUID> evidence = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            evidence.add(UUID.randomUUID());
        }
        UUID id = TrailFixture.anomaly(BRANCH, "LOW", "OPEN", Instant.now().plusSeconds(3600), evidence);
        Response list = auditor().queryParam("branch", BRANCH).queryParam("severity", "LOW").queryParam("limit", 500)
                .get("/api/v1/anomalies");
        list.then().statusCode(200);
        List<String> ids = list.jsonPath().getList("items.id");
        int at = ids.indexOf(id.toString());
        assertTrue(at >= 0, "the anomaly is listed");
        assertEquals(evidence.subList(0, 10).stream().map(UUID::toString).toList(),
                list.jsonPath().getList("items[" + at + "].evidence"), "the first ten, in their order");
        assertEquals(15, list.jsonPath().getInt("items[" + at + "].evidenceCount"));
        auditor().get("/api/v1/anomalies/" + id).then().statusCode(200)
                .body("anomaly.evidence", hasSize(15)).body("anomaly.evidenceCount", equalTo(15));
    }

    @Test
    void summariesByDateAndBranch() {
        LocalDate day = LocalDate.of(2026, 10, 3);
        TrailFixture.summary(BRANCH, day, "A quiet day at " + BRANCH + ".");
        auditor().queryParam("branch", BRANCH).get("/api/v1/summaries/2026-10-03").then().statusCode(200)
                .body("text", containsString(BRANCH)).body("facts.sales", equalTo(12));
        auditor().queryParam("branch", BRANCH).get("/api/v1/summaries/2026-10-04").then().statusCode(404);
        auditor().get("/api/v1/summaries/03-10-2026").then().statusCode(400);
    }

    @Test
    void exportsCsvAndNdjsonInTimeOrder() {
        String csv = auditor().queryParam("format", "csv").queryParam("from", "2026-10-03T08:00:00Z").queryParam("to", "2026-10-03T10:00:00Z")
                .queryParam("branch", BRANCH).get("/api/v1/export").then().statusCode(200)
                .header("X-Audit-Row-Count", "8").contentType(containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(9, lines.size(), csv);
        assertTrue(lines.get(0).startsWith("id,type,branch_id"));
        assertTrue(lines.get(1).contains("sale.completed"));
        String ndjson = auditor().queryParam("from", "2026-10-03").queryParam("to", "2026-10-04").queryParam("branch", BRANCH)
                .queryParam("kind", "changes").get("/api/v1/export").then().statusCode(200)
                .contentType(containsString("application/x-ndjson")).extract().asString();
        assertEquals(7, ndjson.lines().count());
        auditor().queryParam("from", "2026-10-03").get("/api/v1/export").then().statusCode(400);
        auditor().queryParam("from", "2026-10-03").queryParam("to", "2026-10-04").queryParam("format", "xml")
                .get("/api/v1/export").then().statusCode(400);
    }

    @Test
    void branchesAreDerivedFromTheData() {
        auditor().get("/api/v1/branches").then().statusCode(200).body("id", Matchers.hasItem(BRANCH));
    }

    @Test
    void browsersFromOtherOriginsAreRefused() {
        auditor().header("Origin", "http://evil.example").get("/api/v1/branches").then().statusCode(403);
        auditor().header("Origin", "http://localhost:8080").get("/api/v1/branches").then().statusCode(200);
    }

    @Test
    void integrityChecksBoundedRanges() {
        auditor().queryParam("from", "2026-01-01").queryParam("to", "2026-03-01").get("/api/v1/integrity").then().statusCode(400)
                .body("detail", containsString("31 days"));
        given().auth().oauth2(Tokens.MANAGER).get("/api/v1/integrity").then().statusCode(403).contentType("application/problem+json");
        auditor().queryParam("from", "2026-10-03T08:00:00Z").queryParam("to", "2026-10-03T10:00:00Z").get("/api/v1/integrity")
                .then().statusCode(200).body("incomplete.transactionId", Matchers.not(Matchers.hasItem(sale.transactionId())));
    }

    @Test
    void openApiAndHealth() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/trace"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
