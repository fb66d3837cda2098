package io.auditoverlay.ai.messaging;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Sends a record this service cannot read to audit.dlq: original key and bytes, headers saying why. */
@ApplicationScoped
public class DeadLetters {

    static final String SERVICE = "ai-service";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends at once; the stage completes when the broker has the dead letter, so the caller may then
     * acknowledge the original (docs/architecture.md, "Delivery guarantees").
     */
    public CompletionStage<Void> send(ConsumerRecord<String, byte[]> record, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.of(reason, SERVICE, record.topic(), record.partition(), record.offset())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()))
                .subscribeAsCompletionStage();
    }
}
