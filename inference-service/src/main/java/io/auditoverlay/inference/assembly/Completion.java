package io.auditoverlay.inference.assembly;

/** How a source transaction was closed. */
public enum Completion {
    /** Its END marker arrived and every change it announced is present. */
    COMPLETE,
    /** A change that carries no transaction id (metadata off): a transaction of its own, complete. */
    SINGLE_CHANGE,
    /** The timeout closed it before its END marker arrived. */
    TIMED_OUT_WITHOUT_END,
    /** The timeout closed it: END arrived, but fewer changes than it announced. */
    TIMED_OUT_MISSING_CHANGES,
    /**
     * The cap on buffered records closed it before its timeout: it was the oldest open
     * transaction when the cap was reached (its END marker or some changes still missing).
     */
    CLOSED_AT_CAP,
    /** Rows read by the connector's initial snapshot: current state, not a business action. */
    SNAPSHOT;

    /** True when the transaction may lack some of its changes. */
    public boolean partial() {
        return this == TIMED_OUT_WITHOUT_END || this == TIMED_OUT_MISSING_CHANGES || this == CLOSED_AT_CAP;
    }

    /** True when the timer, not the END marker, closed it. */
    public boolean timedOut() {
        return this == TIMED_OUT_WITHOUT_END || this == TIMED_OUT_MISSING_CHANGES;
    }
}
