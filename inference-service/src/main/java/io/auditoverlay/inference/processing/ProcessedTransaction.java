package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.assembly.Completion;

/**
 * The record that a transaction was inferred, written in the same database transaction as its
 * business events: a redelivered transaction is recognised by it and not inferred again
 * (a redelivered fragment would otherwise look like a different, partial transaction).
 *
 * @param announcedChanges the END marker's event count, {@code null} when END never came
 * @param onlyFallback true when no rule recognised anything (only {@code data.changed})
 */
public record ProcessedTransaction(String transactionId, String source, Completion completion, int changes,
        Long announcedChanges, int businessEvents, boolean onlyFallback) {

    public boolean partial() {
        return completion.partial();
    }
}
