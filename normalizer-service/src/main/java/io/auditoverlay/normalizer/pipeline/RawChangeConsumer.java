package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.auditoverlay.normalizer.mapping.EnvelopeMapper;
import io.auditoverlay.normalizer.mapping.Mapped;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The normalizer's pipeline, one Kafka poll at a time: map every record, in parallel (rejects go to the
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
    private final ForkJoinPool workers;

    public RawChangeConsumer(EnvelopeMapper mapper, BatchWriter writer, ChangeForwarder forwarder,
            DeadLetters deadLetters, NormalizerMetrics metrics, NormalizerConfig config) {
        this.mapper = mapper;
        this.writer = writer;
        this.forwarder = forwarder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
        // Workers see the application's class loader, as Quarkus' own threads do.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.workers = new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setContextClassLoader(loader);
            thread.setName("normalizer-worker-" + thread.getPoolIndex());
            return thread;
        }, null, false);
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }

    /**
     * Up to {@code smallrye.messaging.worker.normalizer-batches.max-concurrency} polls are in hand
     * at once, so that one batch is mapped while the one before it is being copied into
     * PostgreSQL. Each is acknowledged when it is durable; the throttled commit strategy commits
     * an offset only once every record before it is acknowledged too.
     */
    @Incoming(Channels.RAW)
    @Blocking(value = "normalizer-batches", ordered = false)
    public void consume(ConsumerRecords<byte[], byte[]> records) {
        long started = System.nanoTime();
        metrics.eventsIn.increment(records.count());
        List<MappedRecord> all = map(records);
        List<MappedRecord> mapped = new ArrayList<>(all.size());
        List<Uni<Void>> sends = new ArrayList<>();
        for (MappedRecord r : all) {
            if (r.error() != null) {
                metrics.deadLettered.increment();
                sends.add(deadLetters.send(r.record(), r.error()));
            } else if (r.mapped() instanceof Mapped.Skipped) {
                metrics.skipped.increment();
            } else {
                mapped.add(r);
            }
        }

        // Forwarding (serialising and handing to the producer, on a worker) and storing (on this
        // thread) overlap: both must succeed before the batch is acknowledged, and a redelivered
        // batch is forwarded again anyway. Rows PostgreSQL refuses are caught by the mapper before
        // this point (see EnvelopeMapper), so what is forwarded is what is stored.
        long mappedAt = System.nanoTime();
        Instant now = Instant.now();
        for (MappedRecord r : mapped) {
            if (r.message() instanceof CanonicalChangeEvent event) {
                metrics.commitToStored.record(Duration.between(event.committedAt(), now));
            }
        }
        ForkJoinTask<List<Uni<Void>>> forwarding = workers.submit(
                () -> mapped.stream().map(r -> forwarder.forward(r.message())).toList());
        for (MappedRecord r : writer.write(mapped)) {
            if (r.error() != null) {
                metrics.deadLettered.increment();
                sends.add(deadLetters.send(r.record(), r.error()));
            }
        }
        long storedAt = System.nanoTime();
        sends.addAll(forwarding.join());
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        }
        long done = System.nanoTime();
        metrics.batchLatency.record(Duration.ofNanos(done - started));
        LOG.debugf("batch records=%d messages=%d map_ms=%d store_ms=%d forward_wait_ms=%d", records.count(), sends.size(),
                (mappedAt - started) / 1_000_000, (storedAt - mappedAt) / 1_000_000, (done - storedAt) / 1_000_000);
    }

    /** Every record with what it mapped to, or why it could not be mapped; in order, mapped in parallel. */
    private List<MappedRecord> map(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> in = new ArrayList<>(records.count());
        records.forEach(in::add);
        MappedRecord[] out = new MappedRecord[in.size()];
        workers.submit(() -> IntStream.range(0, out.length).parallel().forEach(i -> {
            ConsumerRecord<byte[], byte[]> record = in.get(i);
            try {
                out[i] = new MappedRecord(record, mapper.map(record.topic(), record.key(), record.value()));
            } catch (RuntimeException e) {
                out[i] = new MappedRecord(record, null, e);
            }
        })).join();
        return Arrays.asList(out);
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
