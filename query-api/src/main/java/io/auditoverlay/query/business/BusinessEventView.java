package io.auditoverlay.query.business;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** A stored business event (see audit-model's BusinessEvent), with the rule that inferred it. */
public record BusinessEventView(
        UUID id,
        String type,
        String branchId,
        String actorUserId,
        String subjectType,
        String subjectId,
        Instant occurredAt,
        String transactionId,
        @JsonRawValue String attributes,
        List<UUID> sourceEventIds,
        String rule,
        Boolean partial,
        /* When the trail stored it: with occurredAt, where its row changes' commit times lie (not part of the API). */
        @JsonIgnore Instant storedAt) {
}
