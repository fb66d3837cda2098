package io.auditoverlay.model.change;

import java.time.Instant;
import java.util.Map;

/**
 * The END of a source transaction as Debezium reported it: how many row events it had,
 * in total and per table. A consumer knows a transaction is complete when it has seen
 * {@code eventCount} changes with this transaction id.
 *
 * @param dataCollections event count per {@code db.table}
 * @param endedAt Debezium's {@code ts_ms} of the END marker
 */
public record TransactionEnd(
        String transactionId,
        String source,
        long eventCount,
        Map<String, Long> dataCollections,
        Instant endedAt) implements ChangeMessage {
}
