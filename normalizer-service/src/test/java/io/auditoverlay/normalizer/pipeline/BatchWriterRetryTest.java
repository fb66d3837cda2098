package io.auditoverlay.normalizer.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL errors the batch writer waits out (deploy/faults: postgres-cut) and which fail at once. */
class BatchWriterRetryTest {

    @Test
    void anUnreachableOrRefusingDatabaseIsWaitedFor() {
        assertTrue(BatchWriter.isTransient(new SQLException("connection refused", "08001")));
        assertTrue(BatchWriter.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        // postgres-cut found it: the role set NOLOGIN for the cut failed the channel at once.
        assertTrue(BatchWriter.isTransient(new SQLException("role is not permitted to log in", "28000")));
        assertTrue(BatchWriter.isTransient(new SQLException("password authentication failed", "28P01")));
    }

    @Test
    void dataErrorsAreNotRetried() {
        assertFalse(BatchWriter.isTransient(new SQLException("invalid input syntax for type json", "22P02")));
        assertFalse(BatchWriter.isTransient(new SQLException("duplicate key", "23505")));
        assertFalse(BatchWriter.isTransient(new SQLException("permission denied", "42501")));
    }
}
