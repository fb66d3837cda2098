package io.auditoverlay.ai.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.anomaly.DetectionScheduler;
import io.auditoverlay.ai.health.JobHealth;
import io.auditoverlay.ai.summary.SummaryScheduler;
import io.auditoverlay.ai.schedule.Watermarks;
import io.auditoverlay.ai.summary.DailySummaryService;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.ai.support.MovableClock;
import io.auditoverlay.ai.support.OllamaStubResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Item 5 of issue 12: after a restart, summaries and scheduled detection run for every day and
 * hour they missed; the clock is moved instead of waited for. Item 4: health follows the jobs'
 * outcomes, and readiness answers at once.
 */
@QuarkusTest
@QuarkusTestResource(OllamaStubResource.class)
class CatchUpAfterRestartIT {

    @Inject
    MovableClock clock;
    @Inject
    DetectionScheduler detection;
    @Inject
    SummaryScheduler summaryScheduler;
    @Inject
    DailySummaryService summaries;
    @Inject
    Watermarks watermarks;
    @Inject
    JobHealth health;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSummaryDueAt2330IsWrittenWhenTheServiceComesBackAt0010_andLongerOutagesDayByDay() throws Exception {
        Fixtures.create(dataSource);
        String branch = "catch-up-" + UUID.randomUUID().toString().substring(0, 8);
        // Running on day D at 22:00 (branch zone: the default, UTC): D-1 is the last due day.
        clock.set(Instant.parse("2026-03-10T22:00:00Z"));
        assertEquals(List.of(LocalDate.parse("2026-03-09")), summaryScheduler.writeDue(branch));
        // Down from 23:00 until 00:10 the next day: D's summary, due at 23:30, is written at 00:10.
        clock.set(Instant.parse("2026-03-11T00:10:00Z"));
        assertEquals(List.of(LocalDate.parse("2026-03-10")), summaryScheduler.writeDue(branch));
        assertTrue(summaries.find(branch, LocalDate.parse("2026-03-10")).isPresent());
        // Nothing is written twice.
        assertEquals(List.of(), summaryScheduler.writeDue(branch));
        // Down for three days: each day is written once, in order.
        clock.set(Instant.parse("2026-03-14T23:45:00Z"));
        assertEquals(List.of(LocalDate.parse("2026-03-11"), LocalDate.parse("2026-03-12"), LocalDate.parse("2026-03-13"),
                LocalDate.parse("2026-03-14")), summaryScheduler.writeDue(branch));
    }

    @Test
    void detectionEvaluatesEveryHourSinceItsWatermark() {
        Instant first = Instant.parse("2030-01-01T00:00:00Z");
        clock.set(first.plusSeconds(20 * 60));
        var windows = detection.evaluateDue();
        Instant done = watermarks.get("detection").orElseThrow();
        // (an earlier run of this test may have left the watermark later: it never moves back)
        assertTrue(!done.isBefore(windows.get(windows.size() - 1).to()));
        // Down for two days and five hours: from the watermark to the last closed hour, a day at a time.
        clock.set(done.plus(Duration.ofHours(53)).plusSeconds(20 * 60));
        windows = detection.evaluateDue();
        assertEquals(done, windows.get(0).from());
        assertEquals(3, windows.size());
        for (int i = 1; i < windows.size(); i++) {
            assertEquals(windows.get(i - 1).to(), windows.get(i).from(), "contiguous");
        }
        assertEquals(done.plus(Duration.ofHours(53)), watermarks.get("detection").orElseThrow());
    }

    @Test
    void repeatedJobFailuresTurnHealthDown_andReadinessAnswersWithinASecond() {
        for (int i = 0; i < 3; i++) {
            health.failed("test-job", new IllegalStateException("database gone"));
        }
        try {
            given().get("/q/health/live").then().statusCode(503).body(containsString("3 consecutive failures"));
        } finally {
            health.succeeded("test-job");
        }
        given().get("/q/health/live").then().body(containsString("scheduled-jobs"));
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            given().get("/q/health/ready").then().body(containsString("database"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "readiness took " + millis + " ms");
        }
    }
}
