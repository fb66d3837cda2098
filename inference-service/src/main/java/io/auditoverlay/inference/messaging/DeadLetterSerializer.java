package io.auditoverlay.inference.messaging;

import io.auditoverlay.model.json.AuditJson;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serializer of the channel's own dead-letter queue (its failure strategy, for a record
 * whose processing failed): the payload is what {@link ChangeDeserializer} produced, so an
 * unreadable record goes out as its original bytes and a parsed change as its JSON.
 */
public final class DeadLetterSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof UnreadableChange unreadable) {
            return unreadable.raw();
        }
        try {
            return AuditJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
