package io.auditoverlay.query.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/** The Overview's closed days are read ahead: a page view after the warmer reads only today. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class OverviewWarmerIT {

    @Inject
    OverviewQueries queries;

    @Test
    void readinessWaitsForTheFirstReadAhead() {
        // The warmer runs a second after the start: readiness names its check and turns UP.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'overview-read-ahead' }.status", Matchers.is("UP")));
        assertTrue(queries.warmedOnce());
    }

    @Test
    void aPageViewServesTheClosedDaysTheWarmerRead() {
        String branch = AuditSchemas.branch(3);
        Caller manager = new Caller("warmer-test", "branch-manager", Optional.of(Set.of(branch)));
        Instant now = Instant.now();
        OverviewQueries.Window w = OverviewQueries.Window.at(now);

        queries.warm(now);
        TrailFixture.sale(branch, TrailFixture.next(), "u-warm", w.todayStart().minusSeconds(3600)); // yesterday, after the read
        TrailFixture.sale(branch, TrailFixture.next(), "u-warm", now.minusSeconds(60).isBefore(w.todayStart())
                ? w.todayStart() : now.minusSeconds(60)); // today

        List<OverviewQueries.Day> days = queries.daily(manager, w.from(), w.todayStart(), w.to());
        assertEquals(1, days.stream().filter(d -> d.day().equals(w.today())).mapToLong(OverviewQueries.Day::sales).sum(),
                "today is read on every view: " + days);
        assertTrue(days.stream().noneMatch(d -> d.day().equals(w.today().minusDays(1))),
                "yesterday comes from what the warmer read before the sale was stored: " + days);
    }
}
