package io.auditoverlay.ai.events;

import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.util.List;

/**
 * What a detector may ask about the business events around the one it judges. Backed by memory
 * (a window loaded at once, tests, the evaluation) or by PostgreSQL (the streaming path).
 */
public interface History {

    /** All business events of a source transaction. */
    List<BusinessEvent> inTransaction(String transactionId);

    /** Whether the source transaction completed a sale (the proof for its SALE stock movements). */
    default boolean transactionCompletedSale(String transactionId) {
        return inTransaction(transactionId).stream()
                .anyMatch(e -> io.auditoverlay.model.business.BusinessEventTypes.SALE_COMPLETED.equals(e.type()));
    }

    /** Whether a {@code sale.completed} for this sale was ever seen in this branch. */
    boolean saleCompleted(String branchId, String saleId);

    /** {@code user.role_changed} events about a user in [from, to]. */
    List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to);

    /** {@code sale.completed} events of a branch in [from, to]. */
    List<BusinessEvent> salesIn(String branchId, Instant from, Instant to);
}
