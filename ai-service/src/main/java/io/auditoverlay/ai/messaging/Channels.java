package io.auditoverlay.ai.messaging;

/** Messaging channel names (topics are set in application.properties). */
public final class Channels {

    /** audit.business in. */
    public static final String BUSINESS_EVENTS = "business-events";
    /** audit.anomalies out. */
    public static final String ANOMALIES = "anomalies";
    /** audit.dlq out. */
    public static final String DEAD_LETTERS = "dead-letters";

    private Channels() {
    }
}
