package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.reference.ReferenceRow;
import io.auditoverlay.inference.rules.InferenceResult;
import io.auditoverlay.inference.rules.InferredEvent;
import io.auditoverlay.inference.rules.RuleEngine;
import io.auditoverlay.inference.rules.TrailLookup;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a batch of closed transactions into durable business events: skips those already
 * inferred (a redelivery), applies the rules to the others, learns reference rows, writes all
 * of it in one database transaction, then publishes. When {@link #process} returns (or
 * {@link InFlight#awaitPublished} after {@link #start}), everything the batch produced is durable
 * and on the topic, so its records may be acknowledged; when it throws, nothing may be
 * acknowledged and the batch can be processed again with the same result (already inferred
 * transactions then have their stored events published again).
 */
public final class BatchProcessor {

    private final RuleEngine engine;
    private final ReferenceData reference;
    private final EventStore store;
    private final EventPublisher publisher;
    private final Duration publishTimeout;

    public BatchProcessor(RuleEngine engine, ReferenceData reference, EventStore store, EventPublisher publisher,
            Duration publishTimeout) {
        this.engine = engine;
        this.reference = reference;
        this.store = store;
        this.publisher = publisher;
        this.publishTimeout = publishTimeout;
    }

    /** Infers, stores and publishes a batch; returns once all of it is durable and on the topic. */
    public BatchOutcome process(List<? extends AssembledTransaction<?>> batch) throws InterruptedException,
            ExecutionException, TimeoutException {
        InFlight inFlight = start(batch);
        inFlight.awaitPublished(publishTimeout);
        return inFlight.outcome();
    }

    /**
     * A batch whose events are committed in PostgreSQL and being published: its records may be
     * acknowledged once {@link #awaitPublished} returned.
     */
    public record InFlight(BatchOutcome outcome, CompletableFuture<Void> published) {

        public void awaitPublished(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            published.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public Duration publishTimeout() {
        return publishTimeout;
    }

    /**
     * Infers and stores a batch (committed when this returns) and starts publishing its events;
     * the writer overlaps the broker's acknowledgement with the next batch.
     */
    public InFlight start(List<? extends AssembledTransaction<?>> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (AssembledTransaction<?> tx : batch) {
            if (tx.completion() != Completion.SNAPSHOT) {
                ids.add(tx.transactionId());
            }
        }
        Map<String, Boolean> processed = ids.isEmpty() ? Map.of() : store.processedAmong(ids);
        BatchTrail trail = new BatchTrail(store);
        List<BatchOutcome.Inferred> inferred = new ArrayList<>();
        List<AssembledTransaction<?>> redelivered = new ArrayList<>();
        List<InferredEvent> events = new ArrayList<>();
        List<ProcessedTransaction> records = new ArrayList<>();
        List<ReferenceRow> references = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        int snapshotRows = 0;
        for (AssembledTransaction<?> tx : batch) {
            if (tx.completion() == Completion.SNAPSHOT) {
                references.addAll(reference.applyAll(tx.events()));
                snapshotRows += tx.events().size();
                continue;
            }
            // A complete earlier inference stands; a partial one is redone with what has arrived since.
            if (Boolean.FALSE.equals(processed.get(tx.transactionId())) || !inBatch.add(tx.transactionId())) {
                redelivered.add(tx);
                continue;
            }
            InferenceResult result = engine.infer(tx, trail);
            result.events().forEach(e -> trail.remember(e.event()));
            boolean onlyFallback = result.onlyFallback(engine.rules().fallback().type());
            events.addAll(result.events());
            errors.addAll(result.ruleErrors());
            references.addAll(reference.applyAll(tx.events()));
            inferred.add(new BatchOutcome.Inferred(tx, result.events(), onlyFallback));
            records.add(new ProcessedTransaction(tx.transactionId(), tx.source(), tx.completion(), tx.events().size(),
                    tx.end() == null ? null : tx.end().eventCount(), result.events().size(), onlyFallback));
        }
        if (!events.isEmpty() || !records.isEmpty() || !references.isEmpty()) {
            store.write(events, records, references);
        }
        List<BusinessEvent> toPublish = new ArrayList<>(events.size());
        events.forEach(e -> toPublish.add(e.event()));
        Set<String> republish = new LinkedHashSet<>();
        for (AssembledTransaction<?> tx : redelivered) {
            if (Boolean.FALSE.equals(processed.get(tx.transactionId()))) {
                republish.add(tx.transactionId());
            }
        }
        if (!republish.isEmpty()) {
            // At least once on the wire: a crash between commit and publish must not lose them.
            toPublish.addAll(store.eventsOf(republish));
        }
        CompletableFuture<Void> published = toPublish.isEmpty() ? CompletableFuture.completedFuture(null)
                : publisher.publish(toPublish).toCompletableFuture();
        return new InFlight(new BatchOutcome(inferred, redelivered, snapshotRows, errors), published);
    }

    /** Events inferred earlier in this batch first (not yet stored), then the store. */
    private static final class BatchTrail implements TrailLookup {

        private final TrailLookup store;
        private final Map<String, BusinessEvent> recent = new HashMap<>();

        BatchTrail(TrailLookup store) {
            this.store = store;
        }

        void remember(BusinessEvent event) {
            recent.put(key(event.type(), event.subjectType(), event.subjectId(), event.branchId()), event);
        }

        @Override
        public Optional<BusinessEvent> find(String type, String subjectType, String subjectId, String branchId) {
            BusinessEvent event = recent.get(key(type, subjectType, subjectId, branchId));
            return event != null ? Optional.of(event) : store.find(type, subjectType, subjectId, branchId);
        }

        private static String key(String type, String subjectType, String subjectId, String branchId) {
            return type + '|' + subjectType + '|' + subjectId + '|' + branchId;
        }
    }
}
