package io.auditoverlay.inference.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.processing.EventPublisher;
import io.auditoverlay.model.business.BusinessEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes business events on {@code audit.business}, keyed by branch, and reports when the broker has them all. */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private final Emitter<String> emitter;
    private final ObjectMapper json;

    public KafkaEventPublisher(@Channel(Channels.BUSINESS) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 50_000) Emitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    @Override
    public CompletionStage<Void> publish(List<BusinessEvent> events) {
        CompletableFuture<?>[] sent = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            BusinessEvent event = events.get(i);
            CompletableFuture<Void> done = new CompletableFuture<>();
            sent[i] = done;
            String value;
            try {
                value = json.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                done.completeExceptionally(e);
                continue;
            }
            Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.branchId()).build());
            emitter.send(Message.of(value, metadata, () -> {
                done.complete(null);
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                done.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            }));
        }
        return CompletableFuture.allOf(sent);
    }
}
