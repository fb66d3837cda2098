package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.reference.ReferenceRow;
import io.auditoverlay.inference.rules.InferredEvent;
import io.auditoverlay.inference.rules.TrailLookup;
import io.auditoverlay.model.business.BusinessEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where business events become durable. Every write is idempotent on the event ids. */
public interface EventStore extends TrailLookup {

    /** Of these transactions, those already inferred: id → whether that inference was partial. */
    Map<String, Boolean> processedAmong(Collection<String> transactionIds);

    /** The stored business events of these transactions (to publish them again after a redelivery). */
    List<BusinessEvent> eventsOf(Collection<String> transactionIds);

    /** Writes a batch in one database transaction; returns when it is committed. */
    void write(List<InferredEvent> events, List<ProcessedTransaction> transactions, List<ReferenceRow> references);
}
