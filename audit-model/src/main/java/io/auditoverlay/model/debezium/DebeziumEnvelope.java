package io.auditoverlay.model.debezium;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the parts of a Debezium JSON message that every consumer needs, whether the converter
 * wrote schemas ({@code {"schema":…,"payload":…}}) or not.
 */
public final class DebeziumEnvelope {

    private DebeziumEnvelope() {
    }

    /** The payload: the envelope itself without schemas, {@code payload} with them. */
    public static JsonNode payload(JsonNode message) {
        if (message != null && message.has("schema") && message.has("payload")) {
            return message.get("payload");
        }
        return message;
    }

    /** The schema of a message written with schemas, else {@code null}. */
    public static JsonNode schema(JsonNode message) {
        return message != null && message.has("schema") && message.has("payload") ? message.get("schema") : null;
    }

    /** True for a transaction BEGIN/END marker (it has {@code status}, no {@code op}). */
    public static boolean isTransactionMarker(JsonNode payload) {
        return payload != null && payload.has("status") && !payload.has("op");
    }

    /** True for a row change event (it has {@code op} and {@code source}). */
    public static boolean isChangeEvent(JsonNode payload) {
        return payload != null && payload.hasNonNull("op") && payload.hasNonNull("source");
    }
}
