package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.auditoverlay.normalizer.store.ChangeEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLRecoverableException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Stores a mapped batch, surviving the two ways that can go wrong:
 * <ul>
 * <li>PostgreSQL is unreachable (a transient SQL state): retry with backoff (the consumer stays paused, nothing is
 * acknowledged) until {@code audit.normalizer.store-retry-limit}, then fail the channel;</li>
 * <li>a row the database refuses (e.g. a NUL character in a text value): write the batch row
 * by row so that only the refused rows are dead-lettered and the rest is stored.</li>
 * </ul>
 */
@ApplicationScoped
public class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final ChangeEventStore store;
    private final NormalizerMetrics metrics;
    private final long retryLimitMillis;

    public BatchWriter(ChangeEventStore store, NormalizerMetrics metrics, NormalizerConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.retryLimitMillis = config.storeRetryLimit().toMillis();
    }

    /** The same records, in order; those the database refused carry their error. */
    public List<MappedRecord> write(List<MappedRecord> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        try {
            writeWithRetry(batch);
            return batch;
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw new IllegalStateException("storing a batch failed: " + e.getMessage(), e);
            }
            LOG.warnf("batch of %d refused (sqlstate=%s); isolating the refused rows", batch.size(), e.getSQLState());
            List<MappedRecord> result = new ArrayList<>(batch.size());
            for (MappedRecord record : batch) {
                try {
                    writeWithRetry(List.of(record));
                    result.add(record);
                } catch (SQLException single) {
                    if (!isDataError(single)) {
                        throw new IllegalStateException("storing a record failed: " + single.getMessage(), single);
                    }
                    result.add(record.failed(new IllegalArgumentException(
                            "refused by PostgreSQL (sqlstate " + single.getSQLState() + ")", single)));
                }
            }
            return result;
        }
    }

    private void writeWithRetry(List<MappedRecord> batch) throws SQLException {
        long deadline = System.currentTimeMillis() + retryLimitMillis;
        long backoff = 200;
        while (true) {
            try {
                ChangeEventStore.Written written = store.write(MappedRecord.rows(batch), MappedRecord.ends(batch));
                metrics.stored.increment(written.stored());
                metrics.duplicates.increment(written.duplicates());
                return;
            } catch (SQLException e) {
                if (!isTransient(e) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                metrics.storeRetries.increment();
                LOG.warnf("PostgreSQL unavailable (sqlstate=%s), retrying in %d ms", e.getSQLState(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /**
     * Connection (08), resources (53), operator intervention (57), serialization/deadlock (40), and a
     * login refused (28: the role set NOLOGIN or its password rotated while the database is being
     * worked on; the service logged in at its start, so this is a change that an operator undoes):
     * worth waiting for, up to {@code store-retry-limit}, with readiness DOWN meanwhile.
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("28");
    }

    /** Data exceptions (22), integrity violations (23) and invalid text (the JSON cast, 22P02) never heal by retrying. */
    static boolean isDataError(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return false;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
