package io.auditoverlay.ai.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.anomaly.Anomaly;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends anomalies to audit.anomalies, keyed by branch id, and waits for the broker's acks. */
@ApplicationScoped
public class AnomalyPublisher {

    /** Key of anomalies that belong to no branch (chain-wide price changes). */
    public static final String CHAIN_KEY = "*";

    private final Emitter<String> emitter;
    private final ObjectMapper mapper;

    public AnomalyPublisher(@Channel(Channels.ANOMALIES) Emitter<String> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Below the emitter's default buffer (256): a backfill can find thousands of anomalies at once. */
    static final int CHUNK = 200;

    public void publish(List<Anomaly> anomalies) {
        for (int from = 0; from < anomalies.size(); from += CHUNK) {
            publishChunk(anomalies.subList(from, Math.min(anomalies.size(), from + CHUNK)));
        }
    }

    private void publishChunk(List<Anomaly> anomalies) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            Message<String> message = Message.of(json(anomaly))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(anomaly.branchId() != null ? anomaly.branchId() : CHAIN_KEY).build())
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(error -> {
                        ack.completeExceptionally(error);
                        return CompletableFuture.completedFuture(null);
                    });
            emitter.send(message);
            acks.add(ack);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    private String json(Anomaly anomaly) {
        try {
            return mapper.writeValueAsString(anomaly);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
