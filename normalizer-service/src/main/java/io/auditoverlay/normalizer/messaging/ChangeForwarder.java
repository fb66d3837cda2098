package io.auditoverlay.normalizer.messaging;

import io.auditoverlay.model.Topics;
import io.auditoverlay.normalizer.encoding.EncodedMessage;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes encoded canonical events and END markers on {@code audit.changes}.
 *
 * <p>The messages are already serialised (see {@code MessageEncoder}) and go straight to the
 * channel's Kafka producer, configured under {@code mp.messaging.outgoing.audit-changes.*}: a
 * batch of 2,000 is one loop of {@code send} calls instead of 2,000 reactive messages, each with
 * its metadata, acknowledgement and hop to the connector's sending thread.
 *
 * <p>Keyed by transaction id, a transaction's messages share a partition, but their order there is
 * not the commit order: a transaction's rows arrive on several raw topics and may straddle two
 * polls, and two batches are forwarded at once. Consumers order a transaction by
 * {@code transactionOrder} and complete it by the END marker's counts.
 */
@ApplicationScoped
public class ChangeForwarder {

    private final KafkaClientService kafka;
    private final String topic;
    private volatile Producer<byte[], byte[]> producer;

    /**
     * @param channel not sent to: it declares this bean the channel's upstream, so that SmallRye
     *        wires the channel (and its producer) without warning that nothing feeds it
     */
    public ChangeForwarder(KafkaClientService kafka, @Channel(Channels.CHANGES) Emitter<byte[]> channel,
            @ConfigProperty(name = "mp.messaging.outgoing.audit-changes.topic", defaultValue = Topics.CHANGES) String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Completes when Kafka has acknowledged every message, or fails with the first error. */
    public CompletableFuture<Void> forward(List<EncodedMessage> messages) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        if (messages.isEmpty()) {
            acknowledged.complete(null);
            return acknowledged;
        }
        AtomicInteger pending = new AtomicInteger(messages.size());
        Producer<byte[], byte[]> out = producer();
        for (EncodedMessage message : messages) {
            out.send(new ProducerRecord<>(topic, message.key(), message.value()), (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else if (pending.decrementAndGet() == 0) {
                    acknowledged.complete(null);
                }
            });
        }
        return acknowledged;
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            p = kafka.<byte[], byte[]>getProducer(Channels.CHANGES).unwrap();
            producer = p;
        }
        return p;
    }
}
