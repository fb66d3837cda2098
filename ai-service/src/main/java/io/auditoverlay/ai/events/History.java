package io.auditoverlay.ai.events;

import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a detector may ask about the business events around the one it judges. Backed by memory
 * (a window loaded at once, tests, the evaluation) or by PostgreSQL (the streaming path).
 */
public interface History {

    /** All business events of a source transaction. */
    List<BusinessEvent> inTransaction(String transactionId);

    /** Whether the source transaction completed a sale (the proof for its SALE stock movements). */
    default boolean transactionCompletedSale(String transactionId) {
        return inTransaction(transactionId).stream().anyMatch(e -> SALE_TYPES.contains(e.type()));
    }

    /** What takes goods out with a till record: a sale, or a prescription handed over. */
    Set<String> SALE_TYPES = Set.of(BusinessEventTypes.SALE_COMPLETED,
            BusinessEventTypes.PRESCRIPTION_DISPENSED);

    /** Whether a {@code sale.completed} for this sale was ever seen in this branch. */
    boolean saleCompleted(String branchId, String saleId);

    /** {@code user.role_changed} events about a user in [from, to]. */
    List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to);

    /** {@code sale.completed} events of a branch in [from, to]. */
    List<BusinessEvent> salesIn(String branchId, Instant from, Instant to);
}
