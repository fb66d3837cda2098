package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    public DeadLetters(@Channel(Channels.DLQ) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<byte[], byte[]> record, Throwable error) {
        LOG.warnf("dead-lettered topic=%s partition=%d offset=%d error=%s", record.topic(), record.partition(),
                record.offset(), error.getClass().getSimpleName());
        RecordHeaders headers = new RecordHeaders();
        headers.add(DlqHeaders.REASON, utf8(error.getMessage() == null ? error.getClass().getName() : error.getMessage()));
        headers.add(DlqHeaders.ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(DlqHeaders.SERVICE, utf8(SERVICE));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(record.topic()));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DlqHeaders.FAILED_AT, utf8(Instant.now().toString()));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(metadata));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
