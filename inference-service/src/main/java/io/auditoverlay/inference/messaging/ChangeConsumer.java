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

    @Incoming(Channels.CHANGES)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        byte[] payload = message.getPayload();
        if (payload == null) {
            return message.ack();
        }
        ChangeMessage change;
        try {
            change = validate(json.readValue(payload, ChangeMessage.class));
        } catch (IOException | IllegalArgumentException e) {
            return deadLetters.send(message, e).thenCompose(sent -> message.ack());
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
