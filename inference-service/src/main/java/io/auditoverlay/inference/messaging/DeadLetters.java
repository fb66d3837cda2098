package io.auditoverlay.inference.messaging;

import io.auditoverlay.model.DlqHeaders;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/** Sends a record that cannot be read to {@code audit.dlq}: original key and bytes, headers saying why and from where. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String SERVICE = "inference-service";

    private final Emitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.DEAD_LETTERS) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** The stage completes when the broker has the dead letter ({@code raw}: the record's value). */
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<Object> metadata = OutgoingKafkaRecordMetadata.builder().withKey(key)
                .withHeaders(headers).build();
        emitter.send(Message.of(raw, Metadata.of(metadata), () -> {
            done.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            done.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return done;
    }
}
