package io.auditoverlay.ingest.routing;

import java.util.Map;

/**
 * A record as the Kafka sink would have written it.
 *
 * @param topic the raw topic
 * @param key key bytes, {@code null} for a null key
 * @param value value bytes exactly as received, {@code null} for a tombstone
 * @param headers record headers
 */
public record OutgoingRecord(String topic, byte[] key, byte[] value, Map<String, byte[]> headers) {
}
