package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a record that cannot be processed to {@code audit.dlq}: original key and bytes, headers
 * naming the reason and where it came from. The log line names the position, never the content.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String SERVICE = "normalizer-service";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<byte[], ByteBuffer> record, Throwable error) {
        LOG.warnf("dead-lettered topic=%s partition=%d offset=%d error=%s", record.topic(), record.partition(),
                record.offset(), error.getClass().getSimpleName());
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.of(error, SERVICE, record.topic(), record.partition(), record.offset())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(bytes(record.value())).addMetadata(metadata));
    }

    /** The value's bytes, as they arrived; the consumer's buffer is left as it was. */
    private static byte[] bytes(ByteBuffer value) {
        if (value == null) {
            return new byte[0];
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return copy;
    }

}
