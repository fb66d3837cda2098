package io.auditoverlay.query.integrity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Whether the stored trail is complete for a time range: every source transaction's END marker
 * announced as many row events as were stored, and every stored row change of a transaction has
 * its END marker.
 *
 * @param transactionsChecked END markers in the range
 * @param incomplete transactions whose stored row count differs from the END count (at most 100 listed)
 * @param incompleteCount how many such transactions there are in all
 * @param transactionsWithoutEnd transactions with stored row changes in the range but no END marker
 *        (normal for a few seconds while a transaction is in flight)
 */
public record IntegrityReport(Instant from, Instant to, long transactionsChecked, long incompleteCount,
                              List<Mismatch> incomplete, long transactionsWithoutEnd) {

    @JsonProperty("ok")
    public boolean ok() {
        return incompleteCount == 0 && transactionsWithoutEnd == 0;
    }

    /** A transaction whose stored row count does not match its END marker. */
    public record Mismatch(String transactionId, long eventCount, long storedChanges) {
    }
}
