package io.auditoverlay.normalizer.messaging;

/** Channel names; their Kafka settings live in application.properties. */
public final class Channels {

    /** Debezium's raw topics, subscribed by pattern, read in batches. */
    public static final String RAW = "raw";
    /** Canonical events and END markers out, keyed by transaction id. */
    public static final String CHANGES = "audit-changes";
    /** Records that could not be processed. */
    public static final String DEAD_LETTERS = "dead-letters";

    private Channels() {
    }
}
