package io.auditoverlay.inference.assembly;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.TransactionEnd;
import java.time.Instant;
import java.util.List;

/**
 * A source transaction gathered from {@code audit.changes}, its changes in transaction order.
 *
 * @param transactionId source-qualified id; for {@link Completion#SNAPSHOT} rows {@code null}
 * @param end the END marker, {@code null} when it never came (or for snapshot rows)
 * @param receipts whatever the caller handed in with each message (Kafka messages to acknowledge),
 *        duplicates included, so that every delivered record is acknowledged exactly when its
 *        transaction is done
 * @param <R> type of the receipts
 */
public record AssembledTransaction<R>(
        String transactionId,
        String source,
        List<CanonicalChangeEvent> events,
        TransactionEnd end,
        Completion completion,
        List<R> receipts) {

    public boolean partial() {
        return completion.partial();
    }

    /**
     * Commit time at the source: the latest {@code committedAt} of its changes, else the END
     * marker's time. (On MariaDB, BEGIN's time is the binlog file's, so the data events decide.)
     */
    public Instant committedAt() {
        Instant latest = null;
        for (CanonicalChangeEvent event : events) {
            if (event.committedAt() != null && (latest == null || event.committedAt().isAfter(latest))) {
                latest = event.committedAt();
            }
        }
        if (latest == null && end != null) {
            latest = end.endedAt();
        }
        return latest;
    }
}
