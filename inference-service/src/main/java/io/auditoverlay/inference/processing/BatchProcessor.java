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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a batch of closed transactions into durable business events: skips those already
 * inferred (a redelivery), applies the rules to the others, learns reference rows, writes all
 * of it in one database transaction, then publishes. When {@link #process} returns, everything
 * the batch produced is durable and on the topic, so its records may be acknowledged; when it
 * throws, nothing may be acknowledged and the batch can be processed again with the same result.
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

    public BatchOutcome process(List<? extends AssembledTransaction<?>> batch) throws InterruptedException,
            ExecutionException, TimeoutException {
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
        if (!toPublish.isEmpty()) {
            publisher.publish(toPublish).toCompletableFuture().get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new BatchOutcome(inferred, redelivered, snapshotRows, errors);
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
