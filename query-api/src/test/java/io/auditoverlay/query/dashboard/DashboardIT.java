package io.auditoverlay.query.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The dashboard over HTTP: sign-in, sessions, CSRF, branch scoping, empty and error states, the access log. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class DashboardIT {

    static final String MINE = AuditSchemas.branch(1);
    static final String OTHER = AuditSchemas.branch(7);
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    static long mySale;
    static long otherSale;
    static UUID myAnomaly;
    static UUID otherAnomaly;

    @BeforeAll
    static void data() {
        Instant now = Instant.now();
        mySale = TrailFixture.next();
        otherSale = TrailFixture.next();
        TrailFixture.Sale mine = TrailFixture.sale(MINE, mySale, "u" + mySale, now.minusSeconds(600));
        TrailFixture.Sale other = TrailFixture.sale(OTHER, otherSale, "u" + otherSale, now.minusSeconds(600));
        myAnomaly = TrailFixture.anomaly(MINE, "HIGH", "OPEN", now, List.of(mine.businessEventId()));
        otherAnomaly = TrailFixture.anomaly(OTHER, "CRITICAL", "OPEN", now, List.of(other.businessEventId()));
        TrailFixture.summary(MINE, LocalDate.now(ZoneOffset.UTC).minusDays(1), "Branch " + MINE + " had a quiet day.");
    }

    static String signIn(String token) {
        Response r = given().redirects().follow(false).formParam("token", token).formParam("next", "/ui/anomalies")
                .post("/ui/sign-in");
        assertEquals(303, r.statusCode(), r.asString());
        assertTrue(r.header("Location").endsWith("/ui/anomalies"), r.header("Location"));
        String setCookie = r.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        return r.cookie(Ui.COOKIE);
    }

    static String page(String session, String path) {
        return given().redirects().follow(false).cookie(Ui.COOKIE, session).get(path).then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'")).extract().asString();
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "a CSRF field");
        return m.group(1);
    }

    @Test
    void withoutASessionEveryPageSendsTheBrowserToSignIn() {
        for (String path : List.of("/ui/overview", "/ui/anomalies", "/ui/trace", "/ui/events", "/ui/export", "/ui/access-log")) {
            given().redirects().follow(false).get(path).then().statusCode(303)
                    .header("Location", containsString("/ui/sign-in?next="));
        }
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/ui/sign-in"));
        given().get("/ui/sign-in").then().statusCode(200).body(containsString("name=\"token\""));
        given().formParam("token", "wrong").post("/ui/sign-in").then().statusCode(401).body(containsString("not known"));
        given().formParam("token", Tokens.AGENT).post("/ui/sign-in").then().statusCode(401).body(containsString("MCP clients"));
        given().cookie(Ui.COOKIE, "forged").redirects().follow(false).get("/ui/overview").then().statusCode(303);
    }

    @Test
    void everyPageRendersForAnAuditor() {
        String s = signIn(Tokens.AUDITOR);
        assertTrue(page(s, "/ui/overview").contains(MINE));
        assertTrue(page(s, "/ui/anomalies?status=OPEN").contains(myAnomaly.toString()));
        String detail = page(s, "/ui/anomalies/" + myAnomaly);
        assertTrue(detail.contains("cashier 31 voided 9 of 20 sales") && detail.contains("/ui/trace?ref="), detail);
        String trace = page(s, "/ui/trace?sale=" + mySale);
        assertTrue(trace.contains("mb.000001") && trace.contains("sale.completed"), trace);
        assertTrue(trace.contains("class=\"before\">10<") && trace.contains("class=\"after\">9<"), "before/after of quantity");
        assertTrue(page(s, "/ui/events?branch=" + MINE).contains("sale.completed"));
        assertTrue(page(s, "/ui/summaries?branch=" + MINE).contains("had a quiet day"));
        assertTrue(page(s, "/ui/export").contains("export-form"));
        assertTrue(page(s, "/ui/access-log").contains("access-log"));
        String csv = given().cookie(Ui.COOKIE, s).queryParam("from", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString())
                .queryParam("to", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()).queryParam("branch", MINE)
                .queryParam("format", "csv").get("/ui/export/download").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        assertTrue(csv.contains("sale.completed") && csv.contains(MINE), csv);
    }

    @Test
    void emptyAndErrorStatesAreClear() {
        String s = signIn(Tokens.AUDITOR);
        assertTrue(page(s, "/ui/events?actor=nobody-" + UUID.randomUUID()).contains("No business event matches"));
        assertTrue(page(s, "/ui/trace").contains("Name a sale"));
        assertTrue(page(s, "/ui/summaries?branch=" + MINE + "&date=2001-01-01").contains("no summary for branch"));
        given().cookie(Ui.COOKIE, s).get("/ui/trace?sale=nothing-" + UUID.randomUUID()).then().statusCode(404)
                .body(containsString("nothing in the trail"));
        given().cookie(Ui.COOKIE, s).get("/ui/events?from=yesterday-ish").then().statusCode(400)
                .body(containsString("ISO-8601"));
    }

    @Test
    void aBranchManagerSeesOnlyTheirBranches() {
        String s = signIn(Tokens.MANAGER);
        String overview = page(s, "/ui/overview");
        assertTrue(overview.contains(MINE) && !overview.contains(OTHER), "overview scoped");
        String list = page(s, "/ui/anomalies");
        assertTrue(list.contains(myAnomaly.toString()) && !list.contains(otherAnomaly.toString()));
        given().cookie(Ui.COOKIE, s).get("/ui/anomalies/" + otherAnomaly).then().statusCode(404).body(not(containsString(OTHER)));
        given().cookie(Ui.COOKIE, s).get("/ui/trace?sale=" + otherSale).then().statusCode(404);
        given().cookie(Ui.COOKIE, s).get("/ui/events?branch=" + OTHER).then().statusCode(404);
        assertTrue(!page(s, "/ui/events").contains(OTHER));
        given().cookie(Ui.COOKIE, s).get("/ui/summaries?branch=*").then().statusCode(200).body(containsString("name one of your branches"));
        given().cookie(Ui.COOKIE, s).get("/ui/access-log").then().statusCode(403);
        assertTrue(!page(s, "/ui/overview").contains("/ui/access-log"), "no access-log link for a manager");
        given().cookie(Ui.COOKIE, s).queryParam("from", "2020-01-01").queryParam("to", "2030-01-01").queryParam("branch", OTHER)
                .get("/ui/export/download").then().statusCode(404);
    }

    @Test
    void triageNeedsTheCsrfTokenAndANoteAndIsRecorded() {
        String s = signIn(Tokens.MANAGER);
        String detail = page(s, "/ui/anomalies/" + myAnomaly);
        String token = csrf(detail);
        given().cookie(Ui.COOKIE, s).formParam("status", "ACKNOWLEDGED").formParam("note", "seen")
                .post("/ui/anomalies/" + myAnomaly + "/status").then().statusCode(403).body(containsString("CSRF"));
        given().cookie(Ui.COOKIE, s).formParam("status", "ACKNOWLEDGED").formParam("note", "seen").formParam("csrf", "forged")
                .post("/ui/anomalies/" + myAnomaly + "/status").then().statusCode(403);
        given().cookie(Ui.COOKIE, s).header("Origin", "http://evil.example").formParam("status", "ACKNOWLEDGED")
                .formParam("note", "seen").formParam("csrf", token).post("/ui/anomalies/" + myAnomaly + "/status").then().statusCode(403);
        given().cookie(Ui.COOKIE, s).formParam("status", "DISMISSED").formParam("note", " ").formParam("csrf", token)
                .post("/ui/anomalies/" + myAnomaly + "/status").then().statusCode(400).body(containsString("note"));
        assertTrue(page(s, "/ui/anomalies/" + myAnomaly).contains("Nobody has triaged"), "refused changes left no trace");
        given().redirects().follow(false).cookie(Ui.COOKIE, s).formParam("status", "ACKNOWLEDGED")
                .formParam("note", "checked the till roll").formParam("csrf", token).post("/ui/anomalies/" + myAnomaly + "/status")
                .then().statusCode(303);
        String after = page(s, "/ui/anomalies/" + myAnomaly);
        assertTrue(after.contains("checked the till roll") && after.contains("test-manager"), after);
        given().cookie(Ui.COOKIE, s).formParam("status", "ACKNOWLEDGED").formParam("note", "again").formParam("csrf", token)
                .post("/ui/anomalies/" + otherAnomaly + "/status").then().statusCode(404);

        String auditor = signIn(Tokens.AUDITOR);
        await().atMost(Duration.ofSeconds(15)).until(() -> page(auditor, "/ui/access-log?actor=test-manager&channel=UI")
                .contains("/ui/anomalies/" + myAnomaly + "/status"));
        String log = page(auditor, "/ui/access-log?actor=test-manager&channel=UI&status=403");
        assertTrue(log.contains("CSRF check failed"), "refused UI actions are recorded with why");
    }

    @Test
    void signOutEndsTheSession() {
        String s = signIn(Tokens.AUDITOR);
        String token = csrf(page(s, "/ui/overview"));
        given().redirects().follow(false).cookie(Ui.COOKIE, s).formParam("csrf", token).post("/ui/sign-out").then().statusCode(303);
        given().redirects().follow(false).cookie(Ui.COOKIE, s).get("/ui/overview").then().statusCode(303);
        assertNotNull(token);
    }
}
