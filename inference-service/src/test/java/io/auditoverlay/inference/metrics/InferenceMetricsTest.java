package io.auditoverlay.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.processing.BatchOutcome;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.model.change.TransactionEnd;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InferenceMetrics metrics = new InferenceMetrics(registry);

    @Test
    void anEndClosedAloneAtTheCapIsDeferredNotPartial() {
        CanonicalChangeEvent change = Pos.sale("0-1-1", Instant.EPOCH, 1, 1, 1, "CASH", "0.00",
                new Pos.Line(10, 1, 1, "6.49", 10)).changes().get(0);
        metrics.record(new BatchOutcome(List.of(
                inferred("pos:1", List.of(), Completion.CLOSED_AT_CAP),
                inferred("pos:2", List.of(change), Completion.CLOSED_AT_CAP),
                inferred("pos:3", List.of(change), Completion.TIMED_OUT_MISSING_CHANGES),
                inferred("pos:4", List.of(change), Completion.COMPLETE)), List.of(), 0, List.of()), Duration.ZERO);

        assertEquals(1, outcome("end_deferred"), "only its END had come: it completes later");
        assertEquals(2, outcome("partial"), "split at the cap, and timed out");
        assertEquals(1, outcome("complete"));
        assertEquals(1, registry.get("inference.transactions.timed.out").tag("reason", "missing_changes").counter().count());
    }

    private double outcome(String outcome) {
        return registry.get("inference.transactions").tag("outcome", outcome).counter().count();
    }

    private static BatchOutcome.Inferred inferred(String id, List<CanonicalChangeEvent> changes, Completion completion) {
        TransactionEnd end = new TransactionEnd(id, "pos", 3, Map.of(), Instant.EPOCH);
        return new BatchOutcome.Inferred(new AssembledTransaction<>(id, "pos", changes, end, completion, List.of()), List.of(),
                false);
    }
}
