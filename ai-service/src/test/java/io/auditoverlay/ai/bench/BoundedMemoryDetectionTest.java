package io.auditoverlay.ai.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.detect.DetectionEngine;
import io.auditoverlay.ai.detect.stats.MetricCatalog;
import io.auditoverlay.ai.reference.BranchHours;
import io.auditoverlay.ai.reference.StaticReferenceData;
import io.auditoverlay.ai.support.SyntheticRollups;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.anomaly.Anomaly;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every statistical detector over 90 days of rollups at the seed's volume (20 branches, 500
 * products, 10,000 sales a day), in a JVM whose heap is capped at 256 MB (the pom runs this class
 * alone with -Xmx256m): the detectors hold one branch's series at a time, so the run must finish,
 * and find the one planted hour of four times the usual sales.
 */
class BoundedMemoryDetectionTest {

    @Test
    void ninetyDaysAtTheSeedsVolumeIn256Megabytes() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        Instant end = Instant.parse("2026-11-30T00:00:00Z");
        Instant from = end.minus(Duration.ofDays(90));
        Instant spike = Instant.parse("2026-11-20T15:00:00Z"); // 10:00 in New York
        SyntheticRollups rollups = new SyntheticRollups(from.minus(Duration.ofDays(44)), end, "7", spike);
        Map<String, BranchHours> branches = new HashMap<>();
        for (int b = 1; b <= SyntheticRollups.BRANCHES; b++) {
            branches.put(String.valueOf(b), new BranchHours(String.valueOf(b), ZoneId.of("America/New_York"), LocalTime.of(8, 0),
                    LocalTime.of(20, 0)));
        }
        StaticReferenceData reference = new StaticReferenceData(branches, Map.of(), ZoneOffset.UTC);
        DetectionEngine engine = new DetectionEngine(TestConfigs.detection());

        long started = System.nanoTime();
        List<Anomaly> found = engine.detectStatistical(rollups, reference, from, end, from.minus(Duration.ofDays(44)), end);
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("BoundedMemoryDetectionTest: 90 days x 20 branches in %d ms, max heap %d MB, peak heap pools %d MB, %d anomalies%n",
                millis, maxHeap >> 20, peak >> 20, found.size());
        found.forEach(a -> System.out.println("  " + a.detector() + ": " + a.explanation()));

        assertTrue(found.stream().anyMatch(a -> a.detector().equals(MetricCatalog.SALES_BURST) && "7".equals(a.branchId())),
                "the planted hour is found");
        assertTrue(maxHeap <= 300L << 20 || System.getProperty("bounded.memory.any.heap") != null,
                "runs with -Xmx256m (the pom's boundedMemory execution); max heap was " + (maxHeap >> 20) + " MB");
    }
}
