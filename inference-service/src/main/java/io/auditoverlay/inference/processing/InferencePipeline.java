package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.metrics.InferenceMetrics;
import io.auditoverlay.model.change.ChangeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * From consumed records to acknowledged records: the consumer thread hands each message to the
 * assembler; one writer thread takes closed transactions in batches, has the
 * {@link BatchProcessor} make them durable, then acknowledges every record of those
 * transactions. A batch that fails is retried with backoff and acknowledges nothing until it
 * succeeds, so a crash at any point leaves unacknowledged records that Kafka redelivers.
 *
 * <p>Bounded intake: when the records of closed transactions not yet acknowledged exceed
 * {@code maxQueuedRecords}, {@link #offer} returns a stage that completes only once the writer
 * brought them down to {@code resumeQueuedRecords}, which pauses the consumer ({@link IntakeGate}).
 *
 * @param <R> the receipt to acknowledge (a Kafka message)
 */
public final class InferencePipeline<R> {

    private static final Logger LOG = Logger.getLogger(InferencePipeline.class);

    /** Batch limits and timings. */
    public record Settings(int maxBatch, Duration maxWait, Duration sweepInterval, int maxQueuedRecords,
            int resumeQueuedRecords, Duration initialBackoff, Duration maxBackoff) {
    }

    private final TransactionAssembler<R> assembler;
    private final BatchProcessor processor;
    private final Consumer<R> acknowledger;
    private final InferenceMetrics metrics;
    private final Settings settings;
    private final LinkedBlockingQueue<AssembledTransaction<R>> closed = new LinkedBlockingQueue<>();
    /** Later fragments of a transaction already in the batch being formed: they go in the next one. */
    private final List<AssembledTransaction<R>> deferred = new ArrayList<>();
    private final IntakeGate gate;
    private volatile boolean running;
    /** When the writer's current run of failures began (0: the last batch succeeded). */
    private volatile long failingSinceNanos;
    private volatile String lastFailure;
    private Thread writer;
    private long lastSweep = System.nanoTime();

    public InferencePipeline(TransactionAssembler<R> assembler, BatchProcessor processor, Consumer<R> acknowledge,
            InferenceMetrics metrics, Settings settings) {
        this(assembler, new IntakeGate(settings.maxQueuedRecords(), settings.resumeQueuedRecords()), processor, acknowledge,
                metrics, settings);
    }

    /** With the intake gate whose clock the assembler's timeouts run on ({@link IntakeGate#openNanos}). */
    public InferencePipeline(TransactionAssembler<R> assembler, IntakeGate gate, BatchProcessor processor, Consumer<R> acknowledge,
            InferenceMetrics metrics, Settings settings) {
        this.assembler = assembler;
        this.processor = processor;
        this.acknowledger = acknowledge;
        this.metrics = metrics;
        this.settings = settings;
        this.gate = gate;
        metrics.intake(gate);
    }

    /** Takes one consumed message. The stage completes when the consumer may go on. */
    public CompletionStage<Void> offer(ChangeMessage message, R receipt) {
        enqueue(assembler.accept(message, receipt));
        return gate.admit();
    }

    /** Counted before they are visible to the writer, which releases them once acknowledged. */
    private void enqueue(List<AssembledTransaction<R>> done) {
        if (done.isEmpty()) {
            return;
        }
        int records = 0;
        for (AssembledTransaction<R> tx : done) {
            records += tx.receipts().size();
        }
        gate.queued(records);
        closed.addAll(done);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        writer = new Thread(this::run, "inference-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops the writer; records of open or unwritten transactions stay unacknowledged. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        gate.open();
    }

    /** A batch committed in PostgreSQL whose events are being published. */
    private record Stage<R>(List<AssembledTransaction<R>> transactions, BatchProcessor.InFlight inFlight, long startNanos) {
    }

    /**
     * The writer: stores batch N+1 while the broker acknowledges batch N, then acknowledges the
     * records of batch N. A batch whose publication failed is processed again (its transactions
     * are now known as inferred, so their stored events are published again).
     */
    private void run() {
        Duration backoff = settings.initialBackoff();
        List<AssembledTransaction<R>> batch = new ArrayList<>();
        List<AssembledTransaction<R>> redo = new ArrayList<>();
        Stage<R> inFlight = null;
        while (running) {
            try {
                if (!redo.isEmpty()) {
                    processAndAcknowledge(redo);
                    redo.clear();
                }
                if (batch.isEmpty()) {
                    collect(batch, inFlight == null ? settings.maxWait() : Duration.ofMillis(1));
                }
                Stage<R> next = null;
                if (!batch.isEmpty()) {
                    next = new Stage<>(List.copyOf(batch), processor.start(batch), System.nanoTime());
                    batch.clear();
                }
                Stage<R> previous = inFlight;
                inFlight = next;
                if (previous != null) {
                    try {
                        finish(previous);
                    } catch (Exception e) {
                        redo.addAll(previous.transactions());
                        throw e;
                    }
                }
                backoff = settings.initialBackoff();
                failingSinceNanos = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (failingSinceNanos == 0) {
                    failingSinceNanos = System.nanoTime();
                }
                lastFailure = e.toString();
                LOG.warnf(e, "batch failed, retrying in %d ms (its records stay unacknowledged)", backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void finish(Stage<R> stage) throws Exception {
        stage.inFlight().awaitPublished(processor.publishTimeout());
        acknowledge(stage.transactions(), stage.inFlight().outcome(), stage.startNanos());
    }

    /** Waits up to {@code wait} for a first transaction, then takes what else is ready, up to the batch size. */
    void collect(List<AssembledTransaction<R>> batch, Duration wait) throws InterruptedException {
        sweepIfDue();
        if (!deferred.isEmpty()) {
            batch.addAll(deferred);
            deferred.clear();
            closed.drainTo(batch, Math.max(0, settings.maxBatch() - batch.size()));
            deferRepeats(batch);
            return;
        }
        AssembledTransaction<R> first = closed.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            sweepIfDue();
            closed.drainTo(batch, settings.maxBatch());
        } else {
            batch.add(first);
            closed.drainTo(batch, settings.maxBatch() - 1);
        }
        deferRepeats(batch);
    }

    /**
     * Keeps one fragment per transaction in a batch and defers the others, in order, to the next.
     * A transaction closed as partial (timeout, cap) can have a later fragment closed before the
     * writer took the first; the processor treats a second occurrence in one batch as a
     * redelivery and would acknowledge it uninferred. One batch later, the first is stored, and the
     * later fragment is inferred again like any later fragment of a partial transaction.
     */
    private void deferRepeats(List<AssembledTransaction<R>> batch) {
        Set<String> seen = new HashSet<>();
        Iterator<AssembledTransaction<R>> it = batch.iterator();
        while (it.hasNext()) {
            AssembledTransaction<R> tx = it.next();
            if (tx.transactionId() != null && !seen.add(tx.transactionId())) {
                deferred.add(tx);
                it.remove();
            }
        }
    }

    private void sweepIfDue() {
        long now = System.nanoTime();
        if (now - lastSweep >= settings.sweepInterval().toNanos()) {
            lastSweep = now;
            enqueue(assembler.expire());
        }
    }

    /** Drains everything closed so far synchronously (tests, shutdown paths). */
    public void flush() throws Exception {
        List<AssembledTransaction<R>> batch = new ArrayList<>(deferred);
        deferred.clear();
        closed.drainTo(batch);
        while (!batch.isEmpty()) {
            deferRepeats(batch);
            processAndAcknowledge(batch);
            batch = new ArrayList<>(deferred);
            deferred.clear();
        }
    }

    /** Closes transactions past the timeout now (tests; the writer sweeps on its own). */
    public void expireNow() {
        enqueue(assembler.expire());
    }

    private void processAndAcknowledge(List<AssembledTransaction<R>> batch) throws Exception {
        long start = System.nanoTime();
        acknowledge(batch, processor.process(batch), start);
    }

    private void acknowledge(List<AssembledTransaction<R>> batch, BatchOutcome outcome, long start) {
        int records = 0;
        for (AssembledTransaction<R> tx : batch) {
            tx.receipts().forEach(acknowledger);
            records += tx.receipts().size();
        }
        gate.released(records);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.record(outcome, took);
        LOG.debugf("batch: %d inferred, %d redelivered, %d snapshot rows in %d ms", outcome.inferred().size(),
                outcome.redelivered().size(), outcome.snapshotRows(), took.toMillis());
        if (!outcome.ruleErrors().isEmpty()) {
            LOG.warnf("rule errors in batch (changes kept as data.changed): %s", outcome.ruleErrors());
        }
    }

    public int backlog() {
        return closed.size();
    }

    /** The bound on records of closed transactions not yet acknowledged. */
    public IntakeGate intake() {
        return gate;
    }

    public boolean running() {
        return running && writer != null && writer.isAlive();
    }

    /** How long the writer has been failing without a successful batch; zero when it is not. */
    public Duration failingFor() {
        long since = failingSinceNanos;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    public String lastFailure() {
        return lastFailure;
    }
}
