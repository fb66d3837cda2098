package io.auditoverlay.normalizer.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes canonical events and END markers on {@code audit.changes}, keyed by transaction id
 * so that a transaction stays on one partition, in order. Snapshot rows have no transaction and
 * are keyed by their event id.
 */
@ApplicationScoped
public class ChangeForwarder {

    private final MutinyEmitter<byte[]> emitter;
    private final ObjectWriter writer;

    public ChangeForwarder(@Channel(Channels.CHANGES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            MutinyEmitter<byte[]> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.writer = json.writerFor(ChangeMessage.class);
    }

    /** Completes when Kafka has acknowledged the message. */
    public Uni<Void> forward(ChangeMessage message) {
        String key = message.transactionId() != null ? message.transactionId()
                : ((CanonicalChangeEvent) message).eventId().toString();
        byte[] value;
        try {
            value = writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(key.getBytes(StandardCharsets.UTF_8))
                .build();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }
}
