package io.auditoverlay.normalizer.messaging;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.auditoverlay.normalizer.encoding.EncodedMessage;
import io.auditoverlay.normalizer.encoding.MessageEncoder;
import io.auditoverlay.normalizer.mapping.EnvelopeMapper;
import io.auditoverlay.normalizer.mapping.Mapped;
import io.auditoverlay.normalizer.pipeline.BatchWriter;
import io.auditoverlay.normalizer.pipeline.MappedRecord;
import io.auditoverlay.normalizer.pipeline.NormalizerMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final MessageEncoder encoder;
    private final BatchWriter writer;
    private final ChangeForwarder forwarder;
    private final DeadLetters deadLetters;
    private final NormalizerMetrics metrics;
    private final TopicAlignment alignment;
    private final ForkJoinPool workers;
    /** Batches being processed, and when one last started or finished (for the drain on shutdown). */
    private final AtomicInteger inHand = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();

    public RawChangeConsumer(EnvelopeMapper mapper, MessageEncoder encoder, BatchWriter writer, ChangeForwarder forwarder,
            DeadLetters deadLetters, NormalizerMetrics metrics, TopicAlignment alignment, NormalizerConfig config) {
        this.mapper = mapper;
        this.encoder = encoder;
        this.writer = writer;
        this.forwarder = forwarder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.alignment = alignment;
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
    public void consume(ConsumerRecords<byte[], ByteBuffer> records) {
        inHand.incrementAndGet();
        lastActivity = System.nanoTime();
        alignment.observe(records);
        try {
            process(records);
        } finally {
            lastActivity = System.nanoTime();
            inHand.decrementAndGet();
        }
    }

    /**
     * Waits until no batch is being processed and none has started or finished for {@code quiet}
     * (records already polled reach this class a little after the consumer is paused), or until
     * {@code timeout} has passed.
     *
     * @return the number of batches still in hand (0 when it became idle)
     */
    int awaitIdle(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (inHand.get() == 0 && System.nanoTime() - lastActivity >= quiet.toNanos()) {
                return 0;
            }
            Thread.sleep(50);
        }
        return inHand.get();
    }

    private void process(ConsumerRecords<byte[], ByteBuffer> records) {
        long started = System.nanoTime();
        metrics.eventsIn.increment(records.count());
        List<MappedRecord> all = map(records);
        List<MappedRecord> mapped = new ArrayList<>(all.size());
        List<CompletionStage<Void>> sends = new ArrayList<>();
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

        // Forwarding (handing the encoded messages to the producer, on a worker) and storing (on
        // this thread) overlap: both must succeed before the batch is acknowledged, and a
        // redelivered batch is forwarded again anyway. Rows PostgreSQL refuses are caught by the
        // mapper before this point (see EnvelopeMapper), so what is forwarded is what is stored.
        long mappedAt = System.nanoTime();
        Instant now = Instant.now();
        for (MappedRecord r : mapped) {
            if (r.encoded().message() instanceof CanonicalChangeEvent event) {
                metrics.commitToStored.record(Duration.between(event.committedAt(), now));
            }
        }
        ForkJoinTask<CompletableFuture<Void>> forwarding = workers.submit(
                () -> forwarder.forward(mapped.stream().map(MappedRecord::encoded).toList()));
        for (MappedRecord r : writer.write(mapped)) {
            if (r.error() != null) {
                metrics.deadLettered.increment();
                sends.add(deadLetters.send(r.record(), r.error()));
            }
        }
        long storedAt = System.nanoTime();
        try {
            forwarding.join().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("forwarding to audit.changes failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("audit.changes did not acknowledge a batch within " + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding", e);
        }
        if (!sends.isEmpty()) {
            awaitDeadLetters(sends);
        }
        long done = System.nanoTime();
        metrics.batchLatency.record(Duration.ofNanos(done - started));
        LOG.debugf("batch records=%d messages=%d map_ms=%d store_ms=%d forward_wait_ms=%d", records.count(), mapped.size(),
                (mappedAt - started) / 1_000_000, (storedAt - mappedAt) / 1_000_000, (done - storedAt) / 1_000_000);
    }

    /**
     * Every record with what it mapped to, encoded, or why it could not be; in order, mapped in
     * parallel.
     */
    /** Returns once the broker has every dead letter of the batch; the batch is acknowledged after that. */
    private static void awaitDeadLetters(List<CompletionStage<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dead-lettering to audit.dlq failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("audit.dlq did not acknowledge within " + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        }
    }

    private List<MappedRecord> map(ConsumerRecords<byte[], ByteBuffer> records) {
        List<ConsumerRecord<byte[], ByteBuffer>> in = new ArrayList<>(records.count());
        records.forEach(in::add);
        MappedRecord[] out = new MappedRecord[in.size()];
        workers.submit(() -> IntStream.range(0, out.length).parallel().forEach(i -> {
            ConsumerRecord<byte[], ByteBuffer> record = in.get(i);
            try {
                Mapped m = mapper.map(record.topic(), record.key(), record.value());
                out[i] = new MappedRecord(record, m, encode(m), null);
            } catch (RuntimeException e) {
                out[i] = new MappedRecord(record, e);
            }
        })).join();
        return Arrays.asList(out);
    }

    private EncodedMessage encode(Mapped mapped) {
        if (mapped instanceof Mapped.Change change) {
            return encoder.encode(change.event());
        }
        return mapped instanceof Mapped.End end ? encoder.encode(end.end()) : null;
    }
}
