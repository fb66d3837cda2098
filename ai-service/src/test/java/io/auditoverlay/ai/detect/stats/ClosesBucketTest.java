package io.auditoverlay.ai.detect.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Which windows hold a closing bucket: the statistical detector skips reading a series when none does. */
class ClosesBucketTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aDailySeriesHasNothingToJudgeInAFewHoursWithoutALocalMidnight() {
        // 02:00–08:00 UTC is 03:00–09:00 in Berlin in winter: no local day ends inside it.
        assertFalse(StatisticalDetector.closesBucket(Instant.parse("2026-12-02T02:00:00Z"), Instant.parse("2026-12-02T08:00:00Z"),
                BERLIN, 24));
        // 20:00–02:00 UTC holds Berlin's midnight (23:00 UTC).
        assertTrue(StatisticalDetector.closesBucket(Instant.parse("2026-12-01T20:00:00Z"), Instant.parse("2026-12-02T02:00:00Z"),
                BERLIN, 24));
    }

    @Test
    void aBucketEndingExactlyAtEitherEdgeCountsOnlyAtTheEnd() {
        // Berlin's midnight of 2 December is 23:00 UTC on 1 December.
        Instant midnight = Instant.parse("2026-12-01T23:00:00Z");
        assertTrue(StatisticalDetector.closesBucket(midnight.minusSeconds(3600), midnight, BERLIN, 24), "closes at the window's end");
        assertFalse(StatisticalDetector.closesBucket(midnight, midnight.plusSeconds(6 * 3600), BERLIN, 24),
                "the day that closed at the window's start was judged by the window before");
    }

    @Test
    void hourlySeriesAlwaysHaveAnHourToJudgeInAnHourOrMore() {
        assertTrue(StatisticalDetector.closesBucket(Instant.parse("2026-12-02T02:10:00Z"), Instant.parse("2026-12-02T03:10:00Z"),
                BERLIN, 1));
        assertFalse(StatisticalDetector.closesBucket(Instant.parse("2026-12-02T02:10:00Z"), Instant.parse("2026-12-02T02:50:00Z"),
                BERLIN, 1));
    }
}
