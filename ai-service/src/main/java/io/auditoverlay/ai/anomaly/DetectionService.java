package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.DetectionEngine;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.ai.reference.ReferenceDataLoader;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Runs the detectors, stores what is new, then publishes it (store first: the table is the truth). */
@ApplicationScoped
public class DetectionService {

    private final DetectionEngine engine;
    private final BusinessEventRepository events;
    private final ReferenceDataLoader reference;
    private final AnomalyRepository anomalies;
    private final AnomalyPublisher publisher;
    private final MeterRegistry registry;

    public DetectionService(DetectionConfig config, BusinessEventRepository events, ReferenceDataLoader reference,
            AnomalyRepository anomalies, AnomalyPublisher publisher, MeterRegistry registry) {
        this.engine = new DetectionEngine(config);
        this.events = events;
        this.reference = reference;
        this.anomalies = anomalies;
        this.publisher = publisher;
        this.registry = registry;
    }

    /**
     * The streaming path: pattern detectors over a Kafka batch, the database answering for the past.
     * A database or broker hiccup is retried here (dead letters already sent stay sent); what still
     * fails stops the channel with the offsets uncommitted.
     */
    @Retry(maxRetries = 5, delay = 2, delayUnit = ChronoUnit.SECONDS)
    public List<Anomaly> onBatch(List<BusinessEvent> received) {
        List<BusinessEvent> batch = markPartial(received);
        History history = new CombinedHistory(new MemoryHistory(batch), events.history());
        return store(engine.detectPatterns(batch, history, reference.current(), Instant.now()));
    }

    /** The scheduled (and on-demand) path: every detector over [from, to). */
    public Result evaluate(Instant from, Instant to) {
        Instant historyStart = from.minus(engine.statisticalLookback());
        List<BusinessEvent> loaded = new ArrayList<>(events.baselineBetween(historyStart, from));
        loaded.addAll(events.between(from, to));
        Instant first = events.firstOccurredAt();
        Instant coverage = first == null ? from : (first.isAfter(historyStart) ? first : historyStart);
        MemoryHistory memory = new MemoryHistory(loaded);
        History lookup = new WindowHistory(memory, events.history());
        ReferenceData ref = reference.current();
        List<Anomaly> found = engine.detectWindow(memory, lookup, ref, from, to, coverage, Instant.now());
        List<Anomaly> stored = store(found);
        Log.infof("evaluated window from=%s to=%s events=%d anomalies=%d new=%d", from, to, loaded.size(), found.size(), stored.size());
        return new Result(from, to, loaded.size(), found.size(), stored.size());
    }

    /**
     * The Kafka record does not say whether inference closed the transaction by its timeout; the
     * table does (inference stores before it publishes), and some detectors must know.
     */
    private List<BusinessEvent> markPartial(List<BusinessEvent> received) {
        java.util.Set<UUID> partial = events.partialAmong(received.stream().map(BusinessEvent::id).toList());
        if (partial.isEmpty()) {
            return received;
        }
        return received.stream().map(e -> {
            if (!partial.contains(e.id())) {
                return e;
            }
            java.util.Map<String, Object> attributes = new java.util.HashMap<>(e.attributes() == null ? java.util.Map.of() : e.attributes());
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

    /**
     * The loaded window covers transactions, nearby sales and recent role changes; only a refunded
     * sale may be older than the window, so only that question goes to the database.
     */
    private record WindowHistory(MemoryHistory memory, History database) implements History {

        @Override
        public List<BusinessEvent> inTransaction(String transactionId) {
            return memory.inTransaction(transactionId);
        }

        @Override
        public boolean saleCompleted(String branchId, String saleId) {
            return memory.saleCompleted(branchId, saleId) || database.saleCompleted(branchId, saleId);
        }

        @Override
        public List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to) {
            return memory.roleChangesOf(userId, from, to);
        }

        @Override
        public List<BusinessEvent> salesIn(String branchId, Instant from, Instant to) {
            return memory.salesIn(branchId, from, to);
        }
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
