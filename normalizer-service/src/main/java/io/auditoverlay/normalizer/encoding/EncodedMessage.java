package io.auditoverlay.normalizer.encoding;

import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.normalizer.store.StoredRow;

/**
 * A mapped message serialised once, where it was mapped: the key and value it is forwarded with
 * on {@code audit.changes} and, for a row change, the row it is stored as.
 *
 * @param row null for a transaction END marker (stored from {@link #message} itself)
 */
public record EncodedMessage(ChangeMessage message, byte[] key, byte[] value, StoredRow row) {
}
