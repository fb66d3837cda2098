package io.auditoverlay.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a request: its exact bytes (what goes on the topic), its parsed form, and the key
 * bytes when the request carried them.
 *
 * @param index position in the request, for error messages
 * @param value the event's bytes exactly as received
 * @param message the parsed event ({@code {"schema":…,"payload":…}} or a bare payload)
 * @param keyGiven whether the request carried a key for this event (a JSON {@code null} key counts)
 * @param key the key bytes, {@code null} for a null key or when none was given
 */
public record RawEvent(int index, byte[] value, JsonNode message, boolean keyGiven, byte[] key) {

    public RawEvent withKey(byte[] keyBytes) {
        return new RawEvent(index, value, message, true, keyBytes);
    }
}
