package io.auditoverlay.query.trace;

import java.util.List;

import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.changes.ChangeView;
import io.auditoverlay.query.transactions.SourceTransactionRepository.SourceTransaction;

/**
 * The history of one subject, transaction or event: business events, each with the row changes
 * (and binlog positions) it was inferred from, and the subject's row changes no event explains.
 *
 * @param transaction the source transaction's END marker, for a transaction trace
 * @param truncated whether a bound cut the history (the newest part is kept)
 */
public record TraceView(TraceRef ref, SourceTransaction transaction, List<TracedEvent> businessEvents,
                        List<ChangeView> otherChanges, boolean truncated) {

    public record TracedEvent(BusinessEventView event, List<ChangeView> changes) {
    }

    public int size() {
        return businessEvents.size() + businessEvents.stream().mapToInt(e -> e.changes().size()).sum() + otherChanges.size();
    }
}
