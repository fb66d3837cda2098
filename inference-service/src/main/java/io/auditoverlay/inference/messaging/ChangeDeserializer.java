package io.auditoverlay.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.json.AuditJson;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Value deserializer of {@code audit.changes}: parses the record in the Kafka client, so that a
 * consumed record carries only the compact parsed change ({@link Canonical}) and not its JSON
 * bytes as well. Open transactions hold their consumed records until they close; holding bytes
 * and parsed form twice was most of their memory. A record that cannot be read becomes an
 * {@link UnreadableChange} with its bytes, for the dead-letter topic; a tombstone stays null.
 */
public final class ChangeDeserializer implements Deserializer<Object> {

    /** The shared mapping, with instants read without DateTimeFormatter ({@link IsoInstantDeserializer}). */
    private final ObjectMapper json = AuditJson.configure(JsonMapper.builder().build())
            .registerModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()));

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Canonical.message(ChangeConsumer.validate(json.readValue(data, ChangeMessage.class)));
        } catch (IOException | IllegalArgumentException e) {
            return new UnreadableChange(data, e);
        }
    }
}
