package io.auditoverlay.ai.bench;

import io.auditoverlay.ai.detect.DetectionEngine;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of the detectors themselves (no database, no Kafka): the seeded four-week history,
 * the window path over its last week and the streaming path in batches of 500. Prints events/s
 * and per-run latency percentiles over several runs. Run (after mvn test-compile):
 * {@code java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.auditoverlay.ai.bench.DetectionBenchmark}
 */
public final class DetectionBenchmark {

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        SyntheticHistory history = new SyntheticHistory(1L);
        history.normal(history.plantedDrop()).planted();
        DetectionEngine engine = new DetectionEngine(TestConfigs.detection());
        MemoryHistory memory = new MemoryHistory(history.events());
        Instant from = SyntheticHistory.FIRST_DAY.plusDays(21).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<BusinessEvent> week = memory.events().stream().filter(e -> !e.occurredAt().isBefore(from)).toList();
        System.out.printf("history: %d events, last week: %d events%n", memory.events().size(), week.size());

        double[] windowMs = new double[runs];
        double[] streamMs = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            engine.detectWindow(memory, memory, history.reference(), from, history.end(), history.start(), Instant.now());
            windowMs[r] = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            for (int i = 0; i < week.size(); i += 500) {
                List<BusinessEvent> batch = week.subList(i, Math.min(week.size(), i + 500));
                engine.detectPatterns(batch, memory, history.reference(), Instant.now());
            }
            streamMs[r] = (System.nanoTime() - t1) / 1e6;
        }
        report("window (week, all detectors, 4-week history)", memory.events().size(), windowMs);
        report("streaming (pattern detectors, batches of 500)", week.size(), streamMs);
    }

    private static void report(String what, int events, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf("%-48s median %.0f ms (p10 %.0f, p90 %.0f) over %d runs → %.0f events/s%n", what, median,
                sorted[(int) (sorted.length * 0.1)], sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.9))],
                sorted.length, events / (median / 1000));
    }
}
