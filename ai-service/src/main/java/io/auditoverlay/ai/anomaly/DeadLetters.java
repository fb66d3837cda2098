package io.auditoverlay.ai.anomaly;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends a record this service cannot read to audit.dlq: original key and bytes, headers saying why. */
@ApplicationScoped
public class DeadLetters {

    static final String SERVICE = "ai-service";

    private final Emitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Returns once the broker has the dead letter, so the original may then be acknowledged. */
    public void send(ConsumerRecord<String, byte[]> record, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.of(reason, SERVICE, record.topic(), record.partition(), record.offset())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build())
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(error -> {
                    ack.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                }));
        ack.join();
    }
}
