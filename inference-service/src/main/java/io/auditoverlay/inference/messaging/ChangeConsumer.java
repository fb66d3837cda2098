package io.auditoverlay.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.processing.InferenceService;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.TransactionEnd;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code audit.changes}. A record is acknowledged by the pipeline once the business events
 * of its transaction are durable, not here; a record that cannot be read goes to the dead-letter
 * topic and is acknowledged once the broker has it.
 */
@ApplicationScoped
public class ChangeConsumer {

    private final InferenceService service;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;

    public ChangeConsumer(InferenceService service, DeadLetters deadLetters, ObjectMapper json) {
        this.service = service;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /**
     * The payload is what {@link ChangeDeserializer} made of the record: a compact parsed change,
     * an {@link UnreadableChange}, or raw bytes (other deserializer configured, tests).
     */
    @Incoming(Channels.CHANGES)
    public CompletionStage<Void> consume(Message<?> message) {
        Object payload = message.getPayload();
        if (payload == null) {
            return message.ack();
        }
        if (payload instanceof ChangeMessage change) {
            return service.offer(change, message);
        }
        if (payload instanceof UnreadableChange unreadable) {
            return deadLetters.send(message, unreadable.raw(), unreadable.error()).thenCompose(sent -> message.ack());
        }
        byte[] raw = (byte[]) payload;
        ChangeMessage change;
        try {
            change = validate(json.readValue(raw, ChangeMessage.class));
        } catch (IOException | IllegalArgumentException e) {
            return deadLetters.send(message, raw, e).thenCompose(sent -> message.ack());
        }
        return service.offer(change, message);
    }

    /** Rejects messages the assembler could not place. */
    static ChangeMessage validate(ChangeMessage message) {
        if (message == null) {
            throw new IllegalArgumentException("empty change message");
        }
        if (message instanceof CanonicalChangeEvent change) {
            if (change.eventId() == null || change.table() == null || change.op() == null) {
                throw new IllegalArgumentException("change event without eventId, table or op");
            }
        } else if (message instanceof TransactionEnd end && end.transactionId() == null) {
            throw new IllegalArgumentException("transaction END without transactionId");
        }
        return message;
    }
}
