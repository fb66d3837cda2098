package io.auditoverlay.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Header names on {@link Topics#DLQ} records. The value of a dead letter is the original bytes,
 * its key the original key; these headers say why and where from.
 */
public final class DlqHeaders {

    /** Human-readable reason, e.g. {@code malformed JSON at line 1, column 17}. */
    public static final String REASON = "audit.error.reason";
    /** Class of the exception that rejected the message. */
    public static final String ERROR_CLASS = "audit.error.class";
    /** The service that gave up on the message. */
    public static final String SERVICE = "audit.error.service";
    public static final String SOURCE_TOPIC = "audit.source.topic";
    public static final String SOURCE_PARTITION = "audit.source.partition";
    public static final String SOURCE_OFFSET = "audit.source.offset";
    /** ISO-8601 instant at which the message was dead-lettered. */
    public static final String FAILED_AT = "audit.error.at";
    /** How the value of a dead letter with masked columns was treated: NONE, MASKED or WITHHELD (normalizer-service). */
    public static final String MASKING = "audit.dlq.masking";

    private DlqHeaders() {
    }

    /**
     * The headers of a dead letter, in a stable order: why (the error's message, else its class),
     * which service, when, and — when the original came from Kafka — its topic, partition and offset.
     * Values are text; services write them as UTF-8 record headers.
     */
    public static Map<String, String> of(Throwable error, String service, String topic, Integer partition,
            Long offset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REASON, error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        headers.put(ERROR_CLASS, error.getClass().getName());
        headers.put(SERVICE, service);
        headers.put(FAILED_AT, Instant.now().toString());
        if (topic != null) {
            headers.put(SOURCE_TOPIC, topic);
            headers.put(SOURCE_PARTITION, String.valueOf(partition));
            headers.put(SOURCE_OFFSET, String.valueOf(offset));
        }
        return headers;
    }
}
