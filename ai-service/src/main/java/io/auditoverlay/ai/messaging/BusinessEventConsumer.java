package io.auditoverlay.ai.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ai.anomaly.DetectionService;
import io.auditoverlay.model.business.BusinessEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The streaming path: each poll of audit.business goes through the pattern detectors at once.
 * The batch is acknowledged when the method returns, i.e. after the new anomalies are committed
 * in PostgreSQL and acknowledged by Kafka; unreadable records are dead-lettered first.
 */
@ApplicationScoped
public class BusinessEventConsumer {

    private final DetectionService detection;
    private final DeadLetters deadLetters;
    private final ObjectMapper mapper;

    public BusinessEventConsumer(DetectionService detection, DeadLetters deadLetters, ObjectMapper mapper) {
        this.detection = detection;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
    }

    @Incoming(Channels.BUSINESS_EVENTS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<BusinessEvent> batch = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(parse(record));
            } catch (IOException | IllegalArgumentException e) {
                deadLettered.add(deadLetters.send(record, e).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).join();
        if (!batch.isEmpty()) {
            detection.onBatch(batch);
        }
    }

    private BusinessEvent parse(ConsumerRecord<String, byte[]> record) throws IOException {
        if (record.value() == null) {
            throw new IllegalArgumentException("empty record (tombstone) on " + record.topic());
        }
        BusinessEvent event = mapper.readValue(record.value(), BusinessEvent.class);
        if (event.id() == null || event.type() == null || event.occurredAt() == null) {
            throw new IllegalArgumentException("business event without id, type or occurredAt");
        }
        return event;
    }
}
