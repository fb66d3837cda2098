package io.auditoverlay.inference.messaging;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Sends a record that cannot be read to {@code audit.dlq}: original key and bytes, headers saying why and from where. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String SERVICE = "inference-service";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /**
     * Sends at once; the stage completes when the broker has the dead letter ({@code raw}: the
     * record's value), so the caller may then acknowledge the original.
     */
    public CompletionStage<Void> send(Message<?> original, byte[] raw, Throwable error) {
        IncomingKafkaRecordMetadata<?, ?> in = original.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.of(error, SERVICE, in == null ? null : in.getTopic(), in == null ? null : in.getPartition(),
                in == null ? null : in.getOffset())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        Object key = null;
        if (in != null) {
            key = in.getKey();
            LOG.warnf("dead-lettering %s-%d@%d: %s", in.getTopic(), in.getPartition(), in.getOffset(), error.getMessage());
        }
        OutgoingKafkaRecordMetadata<Object> metadata = OutgoingKafkaRecordMetadata.builder().withKey(key)
                .withHeaders(headers).build();
        return emitter.sendMessage(Message.of(raw).addMetadata(metadata)).subscribeAsCompletionStage();
    }
}
