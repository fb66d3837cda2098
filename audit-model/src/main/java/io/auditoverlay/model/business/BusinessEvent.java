package io.auditoverlay.model.business;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A business action inferred from one source transaction (docs/architecture.md, "Records").
 *
 * @param id UUID v5 over (transaction id, rule name, subject key)
 * @param type one of {@link BusinessEventTypes}, or a type an operator's rules file declares
 * @param subjectType what the event is about: {@code sale}, {@code product}, {@code user}, ...
 * @param occurredAt the row's business timestamp when it has one, else the commit time
 * @param attributes amounts, quantities, reasons, old and new values
 * @param sourceEventIds the canonical change events the event was inferred from
 */
public record BusinessEvent(
        UUID id,
        String type,
        String branchId,
        String actorUserId,
        String subjectType,
        String subjectId,
        Instant occurredAt,
        String transactionId,
        Map<String, Object> attributes,
        List<UUID> sourceEventIds) {
}
