package io.auditoverlay.ai.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.detect.DetectionEngine;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detectors at their default settings over a seeded four-week history with one planted anomaly
 * of every class: precision and recall per class, against the labels, through the same scorer the
 * end-to-end evaluation uses.
 */
class SeededEvaluationTest {

    private final DetectionEngine engine = new DetectionEngine(TestConfigs.detection());
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private List<Anomaly> detectLastWeek(SyntheticHistory history) {
        MemoryHistory memory = new MemoryHistory(history.events());
        Instant from = SyntheticHistory.FIRST_DAY.plusDays(21).atStartOfDay(ZoneOffset.UTC).toInstant();
        return engine.detectWindow(memory, memory, history.reference(), from, history.end(), history.start(), NOW);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L})
    void everyPlantedClassIsFoundWithPrecisionAndRecallOfAtLeast08(long seed) {
        SyntheticHistory history = new SyntheticHistory(seed);
        history.normal(history.plantedDrop()).planted();
        List<Anomaly> anomalies = detectLastWeek(history);
        Scorer scorer = new Scorer(Duration.ofHours(1));
        Report report = scorer.score(history.labels(), anomalies);
        System.out.println("seed " + seed + "\n" + report.table());
        anomalies.stream().filter(a -> history.labels().stream().noneMatch(l -> scorer.matches(l, a)))
                .forEach(a -> System.out.println("unmatched: " + a.detector() + ": " + a.explanation()));
        for (Report.Row row : report.rows()) {
            assertEquals(1, row.labels(), row.anomalyClass());
            assertTrue(row.recall() >= 0.8, row.anomalyClass() + " recall " + row.recall());
            assertTrue(row.precision() >= 0.8, row.anomalyClass() + " precision " + row.precision());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5L, 6L})
    void threeIncidentsOfEveryClassInRotatingBranchesAndDays(long seed) {
        threeRounds(new SyntheticHistory(seed), "seed " + seed);
    }

    /** As the simulator trades: Friday busiest, a short Sunday; the planted days fall on all weekdays. */
    @ParameterizedTest
    @ValueSource(longs = {7L, 8L, 9L})
    void threeIncidentsOfEveryClassInAWeekWithARhythm(long seed) {
        threeRounds(new SyntheticHistory(seed).weeklyRhythm(), "seed " + seed + ", weekly rhythm");
    }

    private void threeRounds(SyntheticHistory history, String title) {
        List<String> quietHours = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            quietHours.addAll(history.plantedDrop(r));
        }
        history.normal(quietHours).planted(0).planted(1).planted(2);
        List<Anomaly> anomalies = detectLastWeek(history);
        Scorer scorer = new Scorer(Duration.ofHours(1));
        Report report = scorer.score(history.labels(), anomalies);
        System.out.println(title + ", three rounds\n" + report.table());
        anomalies.stream().filter(a -> history.labels().stream().noneMatch(l -> scorer.matches(l, a)))
                .forEach(a -> System.out.println("unmatched: " + a.detector() + ": " + a.explanation()));
        for (Report.Row row : report.rows()) {
            assertEquals(3, row.labels(), row.anomalyClass());
            assertTrue(row.recall() >= 0.8, row.anomalyClass() + " recall " + row.recall());
            assertTrue(row.precision() >= 0.8, row.anomalyClass() + " precision " + row.precision());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ordinaryTradingRaisesNothing(boolean weeklyRhythm) {
        SyntheticHistory history = new SyntheticHistory(7L);
        List<Anomaly> anomalies = detectLastWeek((weeklyRhythm ? history.weeklyRhythm() : history).normal(List.of()));
        assertEquals(List.of(), anomalies.stream().map(a -> a.detector() + ": " + a.explanation()).toList());
    }

    @Test
    void evaluatingTheSameWindowAgainGivesTheSameAnomalies() {
        SyntheticHistory history = new SyntheticHistory(4L);
        history.normal(history.plantedDrop()).planted();
        assertEquals(detectLastWeek(history).stream().map(Anomaly::id).sorted().toList(),
                detectLastWeek(history).stream().map(Anomaly::id).sorted().toList());
    }
}
