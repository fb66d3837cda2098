package io.auditoverlay.inference.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.inference.config.InferenceConfig;
import io.auditoverlay.inference.processing.EventPublisher;
import io.auditoverlay.model.business.BusinessEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes business events on {@code audit.business}, keyed by branch, and reports when the broker
 * has them all. An event with more change ids than {@code audit.inference.topic-max-source-ids}
 * carries only the first ones there, with {@code sourceEventCount} (the whole count) and
 * {@code sourceEventIdsCut: true}; the stored event keeps them all.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private final Emitter<String> emitter;
    private final ObjectMapper json;
    private final int maxSourceIds;

    public KafkaEventPublisher(@Channel(Channels.BUSINESS) @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 50_000) Emitter<String> emitter, ObjectMapper json, InferenceConfig config) {
        this.emitter = emitter;
        this.json = json;
        this.maxSourceIds = config.topicMaxSourceIds();
    }

    /** The event as {@code audit.business} carries it: its change ids cut to {@code max} when it has more. */
    static String topicValue(ObjectMapper json, BusinessEvent event, int max) throws JsonProcessingException {
        List<UUID> ids = event.sourceEventIds();
        if (ids == null || ids.size() <= max) {
            return json.writeValueAsString(event);
        }
        ObjectNode node = json.valueToTree(new BusinessEvent(event.id(), event.type(), event.branchId(), event.actorUserId(),
                event.subjectType(), event.subjectId(), event.occurredAt(), event.transactionId(), event.attributes(), List.of()));
        ArrayNode kept = node.putArray("sourceEventIds");
        ids.subList(0, max).forEach(id -> kept.add(id.toString()));
        node.put("sourceEventCount", ids.size());
        node.put("sourceEventIdsCut", true);
        return json.writeValueAsString(node);
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
                value = topicValue(json, event, maxSourceIds);
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
