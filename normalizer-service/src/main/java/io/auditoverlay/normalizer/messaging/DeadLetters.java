package io.auditoverlay.normalizer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.DlqHeaders;
import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import io.auditoverlay.normalizer.masking.DeadLetterMasking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a record that cannot be processed to {@code audit.dlq}: original key, the value with its
 * masked columns redacted ({@link DeadLetterMasking}), headers naming the reason, where it came
 * from and how the value was masked. The log line names the position, never the content.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final String SERVICE = "normalizer-service";

    private final MutinyEmitter<byte[]> emitter;
    private final DeadLetterMasking masking;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> emitter, NormalizerConfig config, ObjectMapper json) {
        this.emitter = emitter;
        this.masking = new DeadLetterMasking(new ColumnMasker(config.maskedColumns()), json);
    }

    /**
     * Sends at once; the stage completes when the broker has the dead letter, so the caller may then
     * acknowledge the original (docs/architecture.md, "Delivery guarantees").
     */
    public CompletionStage<Void> send(ConsumerRecord<byte[], ByteBuffer> record, Throwable error) {
        LOG.warnf("dead-lettered topic=%s partition=%d offset=%d error=%s", record.topic(), record.partition(),
                record.offset(), error.getClass().getSimpleName());
        DeadLetterMasking.Result value = masking.mask(record.topic(), bytes(record.value()));
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.of(error, SERVICE, record.topic(), record.partition(), record.offset()).forEach((name, text) -> {
            // A parser's message may quote the text it stumbled on: of a table with masked columns, not that text.
            String safe = DlqHeaders.REASON.equals(name) && value.treatment() != DeadLetterMasking.Treatment.NONE
                    ? DeadLetterMasking.withoutQuotedText(text) : text;
            headers.add(name, safe.getBytes(StandardCharsets.UTF_8));
        });
        headers.add(DlqHeaders.MASKING, value.treatment().name().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(value.value()).addMetadata(metadata)).subscribeAsCompletionStage();
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
