package io.auditoverlay.inference.messaging;

/**
 * What {@link ChangeDeserializer} hands on for a record it could not read: the original bytes,
 * for the dead-letter topic, and why.
 */
public record UnreadableChange(byte[] raw, Exception error) {
}
