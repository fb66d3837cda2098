package io.auditoverlay.ai.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.detect.stats.RobustStats;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.ai.reference.StaticReferenceData;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.anomaly.Anomaly;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticalDetectorTest {

    private final DetectionEngine engine = new DetectionEngine(TestConfigs.detection());

    private List<Anomaly> day(SyntheticHistory history, int day) {
        return day(history, history.reference(), day);
    }

    private List<Anomaly> day(SyntheticHistory history, ReferenceData reference, int day) {
        MemoryHistory memory = new MemoryHistory(history.events());
        Instant from = SyntheticHistory.FIRST_DAY.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        return engine.detectWindow(memory, memory, reference, from, from.plusSeconds(2 * 86400), history.start(),
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** The seed's reference data with roles: every synthetic cashier role 1, the given managers role 2. */
    private static ReferenceData withRoles(SyntheticHistory history, String... managers) {
        StaticReferenceData seed = history.reference();
        Map<String, String> roles = new HashMap<>();
        for (String branch : List.of("1", "2", "3")) {
            for (int i = 0; i < 6; i++) {
                roles.put("c" + branch + "-" + i, "1");
            }
        }
        for (String manager : managers) {
            roles.put(manager, "2");
        }
        return new StaticReferenceData(seed.branches(), seed.products(), roles, seed.defaultZone());
    }

    private static List<Anomaly> voidRate(List<Anomaly> anomalies, String user) {
        return anomalies.stream().filter(a -> a.detector().equals("void-rate") && a.subjectId().equals(user)).toList();
    }

    @Test
    void robustStatistics() {
        double[] values = {1, 2, 2, 3, 100};
        assertEquals(2.0, RobustStats.median(values));
        assertEquals(1.0, RobustStats.mad(values));
        assertEquals((10 - 2) / 1.4826, RobustStats.zScore(10, 2, 1, 1, 0.15, 0), 1e-9);
        // Counts: Σ v² of a bucket is its count, so the floor is √(mean count), the Poisson noise.
        assertEquals(3.0, RobustStats.compoundPoissonSigma(new double[] {8, 9, 9, 10, 9}), 1e-9);
        assertEquals(0.0 + 8 / 3.0, RobustStats.zScore(17, 9, 0, 1, 0.1, 3.0), 1e-9, "counts: noise floor");
        // Money: three baskets of 100 an hour have a spread of √(3 · 100²) ≈ 173, not √300.
        assertEquals(Math.sqrt(30_000), RobustStats.compoundPoissonSigma(new double[] {20_000, 30_000, 40_000}), 1e-9);
        // Skew: counts of ~100 (γ = 0.1) barely move the cut; a few long-tailed baskets raise it to the cap.
        assertEquals(4.25, RobustStats.skewCorrectedThreshold(4, new double[] {100, 100}, new double[] {100, 100}), 1e-9);
        assertEquals(6.5, RobustStats.skewCorrectedThreshold(4, new double[] {30_000}, new double[] {9_000_000}), 1e-9);
        assertEquals(4.0, RobustStats.skewCorrectedThreshold(4, new double[] {0, 0}, new double[] {0, 0}), 1e-9);
    }

    @Test
    void aVoidSpreeOnTheSecondDayIsJudgedAgainstColleaguesWhenTheUserHasNoHistory() {
        SyntheticHistory history = new SyntheticHistory(11L, 4).normal(List.of()).voidSpree("1", "c1-0", 1, 8);
        List<Anomaly> voids = day(history, 1).stream().filter(a -> a.detector().equals("void-rate")).toList();
        assertEquals(1, voids.size(), voids.toString());
        assertEquals("c1-0", voids.get(0).subjectId());
        assertTrue(voids.get(0).explanation().contains("colleagues"), voids.get(0).explanation());
    }

    @Test
    void aUserNewToTheTrailIsComparedWithColleaguesOfTheSameRole() {
        // A shift manager approves most voids: eight on the first day, against cashiers' one or two.
        SyntheticHistory history = new SyntheticHistory(11L, 4).normal(List.of()).voidSpree("1", "m1-0", 1, 8);
        assertEquals(1, voidRate(day(history, 1), "m1-0").size(), "without roles, all colleagues are the peers");
        assertEquals(List.of(), voidRate(day(history, withRoles(history, "m1-0"), 1), "m1-0"),
                "no other manager worked that day: no peers to judge against");

        SyntheticHistory cashierSpree = new SyntheticHistory(11L, 4).normal(List.of()).voidSpree("1", "c1-0", 1, 8);
        List<Anomaly> voids = voidRate(day(cashierSpree, withRoles(cashierSpree, "m1-0"), 1), "c1-0");
        assertEquals(1, voids.size(), "a cashier's spree is still judged against the other cashiers");
        assertTrue(voids.get(0).explanation().contains("same role"), voids.get(0).explanation());
    }

    @Test
    void ordinaryVoidsOnAYoungHistoryRaiseNothing() {
        SyntheticHistory history = new SyntheticHistory(12L, 4).normal(List.of());
        assertEquals(List.of(), day(history, 1).stream().filter(a -> a.detector().equals("void-rate")).toList());
    }
}
