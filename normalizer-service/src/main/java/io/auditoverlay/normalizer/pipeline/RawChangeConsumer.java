package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.normalizer.mapping.Mapped;
import io.auditoverlay.normalizer.mapping.EnvelopeMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The normalizer's pipeline, one Kafka poll at a time: map every record (rejects go to the
 * DLQ), store the batch in one database transaction while forwarding it to {@code audit.changes},
 * and only when both are durable let the offsets be committed (the batch is acknowledged when this method returns).
 * A crash at any point redelivers the batch; the deterministic ids make that harmless.
 */
@ApplicationScoped
public class RawChangeConsumer {

    private static final Logger LOG = Logger.getLogger(RawChangeConsumer.class);
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

    private final EnvelopeMapper mapper;
    private final BatchWriter writer;
    private final ChangeForwarder forwarder;
    private final DeadLetters deadLetters;
    private final NormalizerMetrics metrics;

    public RawChangeConsumer(EnvelopeMapper mapper, BatchWriter writer, ChangeForwarder forwarder,
            DeadLetters deadLetters, NormalizerMetrics metrics) {
        this.mapper = mapper;
        this.writer = writer;
        this.forwarder = forwarder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(Channels.RAW)
    @Blocking
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        long started = System.nanoTime();
        List<Uni<Void>> sends = new ArrayList<>();
        List<MappedRecord> mapped = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            metrics.eventsIn.increment();
            try {
                Mapped result = mapper.map(record.topic(), record.key(), record.value());
                if (result instanceof Mapped.Skipped) {
                    metrics.skipped.increment();
                } else {
                    mapped.add(new MappedRecord(record, result));
                }
            } catch (RuntimeException e) {
                metrics.deadLettered.increment();
                sends.add(deadLetters.send(record, e));
            }
        }

        // Forwarding and storing overlap: both must succeed before the batch is acknowledged, and a
        // redelivered batch is forwarded again anyway. Rows PostgreSQL refuses are caught by the
        // mapper before this point (see EnvelopeMapper), so what is forwarded is what is stored.
        long mappedAt = System.nanoTime();
        Instant now = Instant.now();
        for (MappedRecord r : mapped) {
            if (r.message() instanceof CanonicalChangeEvent event) {
                metrics.commitToStored.record(Duration.between(event.committedAt(), now));
            }
            sends.add(forwarder.forward(r.message()));
        }
        for (MappedRecord r : writer.write(mapped)) {
            if (r.error() != null) {
                metrics.deadLettered.increment();
                sends.add(deadLetters.send(r.record(), r.error()));
            }
        }
        long storedAt = System.nanoTime();
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        }
        long done = System.nanoTime();
        metrics.batchLatency.record(Duration.ofNanos(done - started));
        LOG.debugf("batch records=%d messages=%d map_ms=%d store_ms=%d forward_wait_ms=%d", records.count(), sends.size(),
                (mappedAt - started) / 1_000_000, (storedAt - mappedAt) / 1_000_000, (done - storedAt) / 1_000_000);
    }

    /** A raw record with what it mapped to, and why it could not be stored if it could not. */
    public record MappedRecord(ConsumerRecord<byte[], byte[]> record, Mapped mapped, Exception error) {

        public MappedRecord(ConsumerRecord<byte[], byte[]> record, Mapped mapped) {
            this(record, mapped, null);
        }

        ChangeMessage message() {
            return mapped instanceof Mapped.Change c ? c.event() : ((Mapped.End) mapped).end();
        }

        MappedRecord failed(Exception e) {
            return new MappedRecord(record, mapped, e);
        }

        static List<CanonicalChangeEvent> events(List<MappedRecord> records) {
            return records.stream().filter(r -> r.mapped instanceof Mapped.Change)
                    .map(r -> ((Mapped.Change) r.mapped).event()).toList();
        }

        static List<TransactionEnd> ends(List<MappedRecord> records) {
            return records.stream().filter(r -> r.mapped instanceof Mapped.End).map(r -> ((Mapped.End) r.mapped).end())
                    .toList();
        }
    }
}
