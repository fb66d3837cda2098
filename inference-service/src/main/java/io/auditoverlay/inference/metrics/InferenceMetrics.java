package io.auditoverlay.inference.metrics;

import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.processing.BatchOutcome;
import io.auditoverlay.inference.processing.IntakeGate;
import io.auditoverlay.inference.rules.InferredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics (names as exported):
 * <ul>
 * <li>{@code inference_transactions_total{outcome=complete|partial|end_deferred|redelivered}}; timed-out
 * partial ones are also counted by {@code inference_transactions_timed_out_total{reason=no_end|missing_changes}};
 * {@code end_deferred} is an END marker closed alone at the cap, whose changes complete it later</li>
 * <li>{@code inference_business_events_total{type}}</li>
 * <li>{@code inference_transactions_unclassified_total} (only {@code data.changed}) and the gauge
 * {@code inference_transactions_unclassified_ratio} (its share of inferred transactions)</li>
 * <li>{@code inference_rule_errors_total}, {@code inference_snapshot_rows_total},
 * {@code inference_batch_seconds}, gauges {@code inference_pending_transactions} and
 * {@code inference_pending_records}</li>
 * <li>bounded intake: gauges {@code inference_intake_queued_records}, {@code _max} and
 * {@code inference_intake_paused}, counters {@code inference_intake_pauses_total} and
 * {@code inference_intake_paused_seconds_total}</li>
 * </ul>
 */
public final class InferenceMetrics {

    private final MeterRegistry registry;
    private final Counter complete;
    private final Counter partial;
    private final Counter endDeferred;
    private final Counter redelivered;
    private final Counter timedOutNoEnd;
    private final Counter timedOutMissing;
    private final Counter unclassified;
    private final Counter ruleErrors;
    private final Counter snapshotRows;
    private final Timer batchTime;
    private final AtomicLong inferred = new AtomicLong();
    private final AtomicLong unclassifiedCount = new AtomicLong();
    private Supplier<Number> closedAtCap;
    private Supplier<Number> endsDeferredAtCap;
    private Supplier<Number> closedAtMaxHold;
    private IntakeGate gate;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.complete = transactions("complete");
        this.partial = transactions("partial");
        this.endDeferred = transactions("end_deferred");
        this.redelivered = transactions("redelivered");
        this.timedOutNoEnd = Counter.builder("inference.transactions.timed.out").tag("reason", "no_end")
                .description("Transactions closed by the timeout").register(registry);
        this.timedOutMissing = Counter.builder("inference.transactions.timed.out").tag("reason", "missing_changes")
                .description("Transactions closed by the timeout").register(registry);
        this.unclassified = Counter.builder("inference.transactions.unclassified")
                .description("Transactions that only produced the fallback event (data.changed)").register(registry);
        this.ruleErrors = Counter.builder("inference.rule.errors").description("Rule evaluations that failed")
                .register(registry);
        this.snapshotRows = Counter.builder("inference.snapshot.rows")
                .description("Snapshot rows taken into the reference data").register(registry);
        this.batchTime = Timer.builder("inference.batch").description("Time to infer, store and publish one batch")
                .register(registry);
        Gauge.builder("inference.transactions.unclassified.ratio", this, InferenceMetrics::unclassifiedShare)
                .description("Share of inferred transactions that only produced data.changed").register(registry);
    }

    private Counter transactions(String outcome) {
        return Counter.builder("inference.transactions").tag("outcome", outcome)
                .description("Source transactions by how they were closed").register(registry);
    }

    /**
     * Gauges over the assembler's open transactions, the records they hold and the cap on those,
     * and counters of the transactions closed at the cap: split ones (they held changes) and END
     * markers closed alone (deferred: their trailing changes still complete them).
     */
    public void pending(Supplier<Number> transactions, Supplier<Number> records, int maxRecords,
            Supplier<Number> closedAtCap, Supplier<Number> endsDeferredAtCap) {
        // strong references: the suppliers are method references nothing else holds, and Micrometer
        // holds gauge objects weakly (the gauges read NaN after the first collection otherwise)
        Gauge.builder("inference.pending.records.max", () -> maxRecords).strongReference(true)
                .description("Cap on the records held by open transactions (audit.inference.max-pending-records)")
                .register(registry);
        this.closedAtCap = closedAtCap; // a FunctionCounter holds its object weakly: keep it here
        FunctionCounter.builder("inference.transactions.closed.at.cap", closedAtCap, s -> s.get().doubleValue())
                .description("Open transactions that held changes, closed as partial (split) because the cap on pending records "
                        + "was reached")
                .register(registry);
        this.endsDeferredAtCap = endsDeferredAtCap;
        FunctionCounter.builder("inference.transactions.end.deferred.at.cap", endsDeferredAtCap, s -> s.get().doubleValue())
                .description("END markers closed alone at the cap and remembered: their trailing changes still complete "
                        + "the transaction (nothing split)")
                .register(registry);
        Gauge.builder("inference.pending.transactions", transactions, s -> s.get().doubleValue()).strongReference(true)
                .description("Transactions waiting for their END marker or missing changes").register(registry);
        Gauge.builder("inference.pending.records", records, s -> s.get().doubleValue()).strongReference(true)
                .description("Records held unacknowledged by open transactions").register(registry);
    }

    /** Transactions closed at the longest hold of wall time (the intake was paused most of their wait). */
    public void maxHold(Supplier<Number> closedAtMaxHold) {
        this.closedAtMaxHold = closedAtMaxHold;
        FunctionCounter.builder("inference.transactions.closed.at.max.hold", closedAtMaxHold, s -> s.get().doubleValue())
                .description("Open transactions closed as partial because they were held for the longest hold of wall time "
                        + "(timeouts count only time the consumer was reading)")
                .register(registry);
    }

    /**
     * Gauges over the bounded intake: records of closed transactions not yet acknowledged, the
     * mark above which the consumer is paused, whether it is; counters of pauses and paused time.
     */
    public void intake(IntakeGate gate) {
        this.gate = gate; // FunctionCounters hold their object weakly
        Gauge.builder("inference.intake.queued.records", gate, IntakeGate::queuedRecords)
                .description("Records of closed transactions waiting for or in the writer, not yet acknowledged")
                .register(registry);
        Gauge.builder("inference.intake.queued.records.max", gate, IntakeGate::maxQueued)
                .description("Queued records above which the consumer is paused (audit.inference.intake.max-queued-records)")
                .register(registry);
        Gauge.builder("inference.intake.paused", gate, g -> g.paused() ? 1 : 0)
                .description("1 while the consumer is paused because the writer is behind").register(registry);
        FunctionCounter.builder("inference.intake.pauses", gate, IntakeGate::pauses)
                .description("Times the consumer was paused because the writer was behind").register(registry);
        FunctionCounter.builder("inference.intake.paused.seconds", gate, g -> g.pausedTime().toNanos() / 1e9)
                .description("Time the consumer spent paused because the writer was behind").register(registry);
    }

    public void record(BatchOutcome outcome, Duration took) {
        batchTime.record(took);
        snapshotRows.increment(outcome.snapshotRows());
        redelivered.increment(outcome.redelivered().size());
        ruleErrors.increment(outcome.ruleErrors().size());
        for (BatchOutcome.Inferred tx : outcome.inferred()) {
            Completion completion = tx.transaction().completion();
            if (completion == Completion.CLOSED_AT_CAP && tx.transaction().events().isEmpty()) {
                endDeferred.increment();
            } else if (completion.partial()) {
                partial.increment();
                if (completion.timedOut()) {
                    (completion == Completion.TIMED_OUT_WITHOUT_END ? timedOutNoEnd : timedOutMissing).increment();
                }
            } else {
                complete.increment();
            }
            inferred.incrementAndGet();
            if (tx.onlyFallback()) {
                unclassified.increment();
                unclassifiedCount.incrementAndGet();
            }
            for (InferredEvent event : tx.events()) {
                registry.counter("inference.business.events", "type", event.event().type()).increment();
            }
        }
    }

    public double unclassifiedShare() {
        long total = inferred.get();
        return total == 0 ? 0 : (double) unclassifiedCount.get() / total;
    }
}
