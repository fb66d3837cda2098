package io.auditoverlay.inference.messaging;

/** Channel names; their topics and client settings are in {@code application.properties}. */
public final class Channels {

    /** {@code audit.changes}: canonical changes and END markers. */
    public static final String CHANGES = "changes";
    /** {@code audit.business}: business events keyed by branch. */
    public static final String BUSINESS = "business";
    /** {@code audit.dlq}: records that cannot be read. */
    public static final String DEAD_LETTERS = "dead-letters";

    private Channels() {
    }
}
