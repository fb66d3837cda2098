package io.auditoverlay.ingest.messaging;

import io.auditoverlay.ingest.config.IngestConfig;
import io.auditoverlay.ingest.routing.OutgoingRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends records to their raw topics through the {@value #CHANNEL} channel (acks=all, idempotent
 * producer) and completes once Kafka has acknowledged every one of them.
 *
 * <p>Records are emitted in request order, so a transaction's BEGIN, rows and END keep their order
 * within each partition, as with the Kafka sink.
 */
@ApplicationScoped
public class RawRecordPublisher {

    /** The outgoing channel; its settings are under {@code mp.messaging.outgoing.raw-records.*}. */
    public static final String CHANNEL = "raw-records";

    private final Emitter<byte[]> emitter;
    private final IngestConfig config;

    public RawRecordPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<byte[]> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Completes when Kafka acknowledged all records; fails with {@link KafkaUnavailableException} otherwise. */
    public Uni<Void> publish(List<OutgoingRecord> records) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        try {
            for (int i = 0; i < acks.length; i++) {
                acks[i] = send(records.get(i));
            }
        } catch (RuntimeException e) {
            // the emitter refuses when its buffer is full or the channel has failed
            return Uni.createFrom().failure(new KafkaUnavailableException("the Kafka channel refused the record", e));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks))
                .ifNoItem().after(config.kafkaTimeout())
                .failWith(() -> new KafkaUnavailableException(
                        "Kafka did not acknowledge within " + config.kafkaTimeout().toMillis() + " ms", null))
                .onFailure(e -> !(e instanceof KafkaUnavailableException))
                .transform(e -> new KafkaUnavailableException("Kafka refused the record: " + e.getMessage(), e))
                .replaceWithVoid();
    }

    private CompletableFuture<Void> send(OutgoingRecord record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        Message<byte[]> message = Message.of(record.value(), Metadata.of(metadata),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
