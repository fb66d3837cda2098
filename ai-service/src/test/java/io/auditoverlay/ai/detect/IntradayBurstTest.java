package io.auditoverlay.ai.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.detect.stats.MetricCatalog;
import io.auditoverlay.ai.rollup.MemorySeriesSource;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The intraday detectors as the scheduler runs them: one window per closed hour, the run a few
 * minutes after the hour. A burst must be called by the run right after the hour that shows it, not
 * before, and only once that day.
 */
class IntradayBurstTest {

    private static final int DAYS = 42; // six weeks: hour-of-week baselines run
    private static final int BURST_DAY = 40;
    private static final Duration LAG = Duration.ofMinutes(5);

    private final DetectionEngine engine = new DetectionEngine(TestConfigs.detection());

    /** Runs hour by hour over the burst day in branch 1's zone: "HH:mm subject id" for each anomaly, by the hour of its run. */
    private List<String> hourByHour(SyntheticHistory history, String detector) {
        MemorySeriesSource source = new MemorySeriesSource(history.events());
        ZoneId zone = history.reference().branch("1").zone();
        ZonedDateTime day = SyntheticHistory.FIRST_DAY.plusDays(BURST_DAY).atStartOfDay(zone);
        List<String> raised = new ArrayList<>();
        for (ZonedDateTime to = day.plusHours(1); !to.isAfter(day.plusDays(1)); to = to.plusHours(1)) {
            Instant end = to.toInstant();
            for (Anomaly a : engine.detectStatistical(source, history.reference(), end.minus(Duration.ofHours(1)), end,
                    history.start(), end.plus(LAG))) {
                if (a.detector().equals(detector)) {
                    raised.add(to.toLocalTime() + " " + a.subjectId() + " " + a.id());
                }
            }
        }
        return raised;
    }

    @Test
    void aVoidSpreeIsCalledWithinTheHourAfterItEndsAndOnlyOnce() {
        // Eight voids from 14:00, one every 12 minutes, the last at 15:25: called by the run after
        // 15:00 or the one after 16:00 (the hour it ends), never by one before it started.
        SyntheticHistory history = new SyntheticHistory(31L, DAYS).normal(List.of()).voidSpree("1", "c1-0", BURST_DAY, 8);
        List<String> raised = hourByHour(history, MetricCatalog.VOID_BURST);
        assertTrue(raised.get(0).startsWith("15:00 c1-0 ") || raised.get(0).startsWith("16:00 c1-0 "), raised.toString());
        assertEquals(1, distinctIds(raised), "later runs that day name the same anomaly: " + raised);
    }

    @Test
    void anHourOfThreeTimesTheUsualSalesIsCalledAfterThatHour() {
        SyntheticHistory history = new SyntheticHistory(32L, DAYS).normal(List.of()).burst("1", BURST_DAY, 11, "1", 60);
        List<String> raised = hourByHour(history, MetricCatalog.SALES_BURST);
        assertTrue(raised.get(0).startsWith("12:00 1 "), raised.toString());
        assertEquals(1, distinctIds(raised), "later runs that day name the same anomaly: " + raised);
    }

    /** The store keeps one row per id: a later run's call of the same burst inserts nothing. */
    private static long distinctIds(List<String> raised) {
        return raised.stream().map(r -> r.substring(r.lastIndexOf(' ') + 1)).distinct().count();
    }

    @Test
    void ordinaryTradingRaisesNoBurstOverSixWeeks() {
        SyntheticHistory history = new SyntheticHistory(33L, DAYS).normal(List.of());
        Instant from = history.end().minus(Duration.ofDays(14));
        List<String> bursts = engine.detectStatistical(new MemorySeriesSource(history.events()), history.reference(), from,
                history.end(), history.start(), history.end().plus(LAG)).stream()
                .filter(a -> a.detector().endsWith("-burst")).map(a -> a.detector() + ": " + a.explanation()).toList();
        assertEquals(List.of(), bursts);
    }
}
