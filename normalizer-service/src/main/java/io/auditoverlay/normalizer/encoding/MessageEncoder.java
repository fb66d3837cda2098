package io.auditoverlay.normalizer.encoding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.JsonbText;
import io.auditoverlay.normalizer.store.StoredRow;
import java.nio.charset.StandardCharsets;

/**
 * Serialises a mapped message for both of its destinations. A row change's three JSON images
 * (primary key, before, after: most of its bytes) and its two instants are written once and the
 * same text is embedded in the {@code audit.changes} value and in the stored row. The images are
 * written as PostgreSQL's {@code jsonb::text} spells them ({@link JsonbText}), so that the chain's
 * leaf (format 2) hashes these very characters and {@code verify} hashes {@code jsonb::text} as it
 * comes back: one serialisation, no canonical second rendering (docs/integrity.md, "Leaf format 2").
 *
 * <p>Messages are keyed by transaction id so that a transaction stays on one partition, in order;
 * snapshot rows have no transaction and are keyed by their event id.
 */
public final class MessageEncoder {

    private final ObjectMapper json;
    private final ObjectWriter wireChanges;
    private final ObjectWriter messages;
    private final boolean chained;

    public MessageEncoder(ObjectMapper json) {
        this(json, true);
    }

    /** @param chained whether stored rows get their chain hash (audit.normalizer.hash-chain) */
    public MessageEncoder(ObjectMapper json, boolean chained) {
        this.chained = chained;
        this.json = json;
        this.wireChanges = json.writerFor(WireChange.class);
        this.messages = json.writerFor(ChangeMessage.class);
    }

    /** @throws IllegalArgumentException when a value cannot be written as JSON */
    public EncodedMessage encode(ChangeMessage message) {
        try {
            if (message instanceof CanonicalChangeEvent e) {
                String primaryKey = JsonbText.write(e.primaryKey(), json);
                String before = JsonbText.write(e.before(), json);
                String after = JsonbText.write(e.after(), json);
                String committedAt = e.committedAt().toString();
                String capturedAt = e.capturedAt() == null ? null : e.capturedAt().toString();
                byte[] value = wireChanges.writeValueAsBytes(WireChange.of(e, primaryKey, before, after, committedAt, capturedAt));
                return new EncodedMessage(e, key(message), value,
                        StoredRow.of(e, primaryKey, before, after, committedAt, capturedAt, chained));
            }
            return new EncodedMessage(message, key(message), messages.writeValueAsBytes((TransactionEnd) message), null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] key(ChangeMessage message) {
        String key = message.transactionId() != null ? message.transactionId()
                : ((CanonicalChangeEvent) message).eventId().toString();
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
