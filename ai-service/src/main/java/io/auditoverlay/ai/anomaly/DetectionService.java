package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.config.RollupConfig;
import io.auditoverlay.ai.detect.stats.SeriesSource;
import io.auditoverlay.ai.rollup.RollupStore;
import io.auditoverlay.ai.rollup.RollupSync;
import io.auditoverlay.ai.rollup.SqlSeriesSource;
import java.time.Duration;
import io.auditoverlay.ai.detect.DetectionEngine;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.messaging.AnomalyPublisher;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.ai.reference.ReferenceDataLoader;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Retry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs the detectors, stores what is new, then publishes it (store first: the table is the truth). */
@Startup
@ApplicationScoped
public class DetectionService {

    private final DetectionEngine engine;
    private final BusinessEventRepository events;
    private final ReferenceDataLoader reference;
    private final AnomalyRepository anomalies;
    private final AnomalyPublisher publisher;
    private final MeterRegistry registry;
    private final SeriesSource series;
    private final RollupSync rollups;
    private final RollupStore rollupStore;
    private final RollupConfig rollupConfig;

    /** Pattern detection walks a window in slices of this length... */
    private static final Duration SLICE = Duration.ofHours(6);
    /** ...each loaded with this margin, so that a transaction or a nearby sale across the edge is in memory. */
    private static final Duration MARGIN = Duration.ofMinutes(15);
    /** Runs the pattern phase of each evaluation beside its statistical phase (daemon threads, made on demand). */
    private static final ExecutorService PATTERN_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "detection-patterns");
        t.setDaemon(true);
        return t;
    });

    public DetectionService(DetectionConfig config, BusinessEventRepository events, ReferenceDataLoader reference,
            AnomalyRepository anomalies, AnomalyPublisher publisher, MeterRegistry registry, SqlSeriesSource series,
            RollupSync rollups, RollupStore rollupStore, RollupConfig rollupConfig) {
        this.engine = new DetectionEngine(config);
        // Every detector's counter exists from the start, at zero: rate() and increase() then see
        // the first anomaly after a restart, and the dashboard lists detectors that found nothing.
        engine.detectorNames().forEach(name -> registry.counter("ai.anomalies.detected", "detector", name));
        this.series = series;
        this.rollups = rollups;
        this.rollupStore = rollupStore;
        this.rollupConfig = rollupConfig;
        this.events = events;
        this.reference = reference;
        this.anomalies = anomalies;
        this.publisher = publisher;
        this.registry = registry;
    }

    /**
     * The streaming path: pattern detectors over a Kafka batch, the database answering for the past.
     * A database or broker outage is waited out here, retrying every 5 s for up to 10 minutes (as the
     * normalizer's store-retry-limit; readiness is DOWN meanwhile through the database probe; dead
     * letters already sent stay sent); what still fails stops the channel with the offsets
     * uncommitted, and liveness DOWN has it restarted. A 2-minute PostgreSQL cut stopped the
     * channel for good with the former 5 retries of 2 s (deploy/faults: postgres-cut), and compose
     * restarts a container only when it exits, not when it is unhealthy.
     */
    @Retry(maxRetries = -1, maxDuration = 10, durationUnit = ChronoUnit.MINUTES, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public List<Anomaly> onBatch(List<BusinessEvent> received) {
        List<BusinessEvent> batch = markPartial(received);
        rollupStore.apply(batch);
        History history = new CombinedHistory(new MemoryHistory(batch), events.history());
        return store(engine.detectOnArrival(batch, history, reference.current(), Instant.now()));
    }

    /**
     * The scheduled (and on-demand) path: every detector over [from, to). The rollups are first
     * brought level with the stored events; the statistical detectors then read them in SQL, and the
     * pattern detectors walk the window a slice at a time, so memory does not grow with the window.
     */
    public Result evaluate(Instant from, Instant to) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Instant historyStart = from.minus(engine.statisticalLookback());
        ReferenceData ref = reference.current();
        // The pattern detectors read events, not rollups: they walk the window on a thread of their
        // own while the rollups are synced and judged here (two cores' worth of work, not one).
        CompletableFuture<Tally> patternRun = CompletableFuture.supplyAsync(() -> patterns(from, to, ref, now), PATTERN_THREADS);
        long synced;
        Tally statistical;
        try {
            if (rollupConfig.syncBeforeDetection()) {
                rollups.sync(historyStart, to);
            }
            synced = System.nanoTime();
            List<Anomaly> judged = engine.detectStatistical(series, ref, from, to, historyStart, now);
            statistical = new Tally(0, judged.size(), store(judged).size(), System.nanoTime() - synced);
        } catch (RuntimeException e) {
            patternRun.cancel(false);
            throw e;
        }
        Tally patterns = join(patternRun);
        long millis = (System.nanoTime() - started) / 1_000_000;
        registry.timer("ai.detection.run").record(Duration.ofMillis(millis));
        int found = statistical.found() + patterns.found();
        int stored = statistical.stored() + patterns.stored();
        Log.infof("evaluated window from=%s to=%s events=%d anomalies=%d new=%d in %d ms (rollup sync %d ms, then statistical %d ms;"
                + " patterns beside them %d ms)", from, to, patterns.events(), found, stored, millis, (synced - started) / 1_000_000,
                statistical.nanos() / 1_000_000, patterns.nanos() / 1_000_000);
        return new Result(from, to, patterns.events(), found, stored);
    }

    /**
     * The pattern detectors over [from, to), a slice at a time; the next slice is read from the
     * database while the current one is judged.
     */
    private Tally patterns(Instant from, Instant to, ReferenceData ref, Instant now) {
        long started = System.nanoTime();
        int loaded = 0;
        int found = 0;
        int stored = 0;
        CompletableFuture<List<BusinessEvent>> next = readSlice(from, to);
        for (Instant slice = from; slice.isBefore(to); slice = slice.plus(SLICE)) {
            Instant end = slice.plus(SLICE).isAfter(to) ? to : slice.plus(SLICE);
            List<BusinessEvent> read = join(next);
            next = end.isBefore(to) ? readSlice(end, to) : null;
            MemoryHistory memory = new MemoryHistory(read);
            Instant sliceEnd = end;
            List<BusinessEvent> focus = memory.between(slice, end).stream().filter(e -> e.occurredAt().isBefore(sliceEnd)).toList();
            List<Anomaly> anomalies = engine.detectPatterns(focus,
                    new ChunkHistory(memory, slice.minus(MARGIN), end.plus(MARGIN), events.history()), ref, now);
            loaded += focus.size();
            found += anomalies.size();
            stored += store(anomalies).size();
        }
        return new Tally(loaded, found, stored, System.nanoTime() - started);
    }

    /** Reads the slice that starts at {@code slice}, with its margins, on another thread. */
    private CompletableFuture<List<BusinessEvent>> readSlice(Instant slice, Instant to) {
        Instant end = slice.plus(SLICE).isAfter(to) ? to : slice.plus(SLICE);
        return CompletableFuture.supplyAsync(() -> events.patternInputBetween(slice.minus(MARGIN), end.plus(MARGIN),
                engine.patternInput()), PATTERN_THREADS);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** What one phase of a run did. */
    private record Tally(int events, int found, int stored, long nanos) {
    }

    /**
     * The Kafka record does not say whether inference closed the transaction by its timeout; the
     * table does (inference stores before it publishes), and some detectors must know.
     */
    private List<BusinessEvent> markPartial(List<BusinessEvent> received) {
        Set<UUID> partial = events.partialAmong(received.stream().map(BusinessEvent::id).toList());
        if (partial.isEmpty()) {
            return received;
        }
        return received.stream().map(e -> {
            if (!partial.contains(e.id())) {
                return e;
            }
            Map<String, Object> attributes = new HashMap<>(e.attributes() == null ? Map.of() : e.attributes());
            attributes.put(BusinessEventRepository.PARTIAL, true);
            return new BusinessEvent(e.id(), e.type(), e.branchId(), e.actorUserId(), e.subjectType(), e.subjectId(),
                    e.occurredAt(), e.transactionId(), attributes, e.sourceEventIds());
        }).toList();
    }

    private List<Anomaly> store(List<Anomaly> found) {
        List<Anomaly> fresh = anomalies.insertNew(found);
        if (!fresh.isEmpty()) {
            publisher.publish(fresh);
            fresh.forEach(a -> registry.counter("ai.anomalies.detected", "detector", a.detector()).increment());
        }
        return fresh;
    }

    /** What an evaluation did. */
    public record Result(Instant from, Instant to, int events, int anomalies, int newAnomalies) {
    }

    /** Memory first (the batch may not be in the table yet), then the database. */
    private record CombinedHistory(MemoryHistory memory, History database) implements History {

        @Override
        public List<BusinessEvent> inTransaction(String transactionId) {
            return merge(memory.inTransaction(transactionId), database.inTransaction(transactionId));
        }

        @Override
        public boolean transactionCompletedSale(String transactionId) {
            // A sale and its stock movements arrive together, so the batch nearly always answers.
            return memory.transactionCompletedSale(transactionId) || database.transactionCompletedSale(transactionId);
        }

        @Override
        public boolean saleCompleted(String branchId, String saleId) {
            return memory.saleCompleted(branchId, saleId) || database.saleCompleted(branchId, saleId);
        }

        @Override
        public List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to) {
            return merge(memory.roleChangesOf(userId, from, to), database.roleChangesOf(userId, from, to));
        }

        @Override
        public List<BusinessEvent> salesIn(String branchId, Instant from, Instant to) {
            return merge(memory.salesIn(branchId, from, to), database.salesIn(branchId, from, to));
        }

        private static List<BusinessEvent> merge(List<BusinessEvent> first, List<BusinessEvent> second) {
            List<BusinessEvent> merged = new ArrayList<>(first);
            List<UUID> seen = first.stream().map(BusinessEvent::id).filter(Objects::nonNull).toList();
            second.stream().filter(e -> !seen.contains(e.id())).forEach(merged::add);
            return merged;
        }
    }
}
