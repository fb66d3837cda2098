package io.auditoverlay.normalizer.mapping;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.TransactionEnd;

/** What one raw record maps to. */
public sealed interface Mapped {

    /** A row change to store and forward. */
    record Change(CanonicalChangeEvent event) implements Mapped {
    }

    /** A transaction END marker to store and forward. */
    record End(TransactionEnd end) implements Mapped {
    }

    /** Nothing to do: a tombstone, a BEGIN marker. */
    record Skipped(String why) implements Mapped {
    }
}
