package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.reference.ReferenceRow;
import io.auditoverlay.inference.rules.InferredEvent;
import io.auditoverlay.model.business.BusinessEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The store's contract (idempotent on ids, processed transactions, atomic batches) in memory. */
final class InMemoryEventStore implements EventStore {

    final Map<UUID, InferredEvent> events = new LinkedHashMap<>();
    final Map<String, ProcessedTransaction> transactions = new HashMap<>();
    final List<ReferenceRow> references = new ArrayList<>();
    int duplicateInserts;
    boolean failNextWrite;

    @Override
    public synchronized Map<String, Boolean> processedAmong(Collection<String> ids) {
        Map<String, Boolean> out = new HashMap<>();
        ids.forEach(id -> {
            ProcessedTransaction tx = transactions.get(id);
            if (tx != null) {
                out.put(id, tx.partial());
            }
        });
        return out;
    }

    @Override
    public synchronized List<BusinessEvent> eventsOf(Collection<String> ids) {
        return events.values().stream().map(InferredEvent::event).filter(e -> ids.contains(e.transactionId())).toList();
    }

    @Override
    public synchronized Optional<BusinessEvent> find(String type, String subjectType, String subjectId, String branchId) {
        return events.values().stream().map(InferredEvent::event)
                .filter(e -> e.type().equals(type) && e.subjectType().equals(subjectType) && e.subjectId().equals(subjectId)
                        && Objects.equals(e.branchId(), branchId))
                .reduce((a, b) -> b);
    }

    @Override
    public synchronized void write(List<InferredEvent> batch, List<ProcessedTransaction> txs, List<ReferenceRow> refs) {
        if (failNextWrite) {
            failNextWrite = false;
            throw new IllegalStateException("database down");
        }
        for (InferredEvent e : batch) {
            if (events.putIfAbsent(e.event().id(), e) != null) {
                duplicateInserts++;
            }
        }
        txs.forEach(t -> transactions.merge(t.transactionId(), t, (old, now) -> old.partial() ? now : old));
        references.addAll(refs);
    }
}
