package io.auditoverlay.normalizer.messaging;

import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps the raw topics level during a catch-up. Debezium writes a transaction's rows to one topic
 * per table and its END marker to the transaction topic, in binlog order. The Kafka consumer
 * fetches about the same bytes from every partition per round, so a topic of small records runs
 * ahead of one of large records, and the gap grows with the backlog: in a 90-day catch-up a
 * sale's row and its inventory rows reached {@code audit.changes} about 190,000 rows apart, more
 * than inference-service holds, and 40 % of the transactions were closed as fragments.
 *
 * <p>After each batch, every partition that still has records to read and whose last record is
 * more than {@code audit.normalizer.max-topic-skew} younger (Kafka timestamp: when Debezium
 * produced it, which follows the binlog) than the oldest such partition's is paused; it is
 * resumed when the others come level. A partition with nothing left to read never holds the
 * others back, and the oldest one is never paused, so the consumer always has something to
 * fetch. Live traffic has no backlog: nothing is paused.
 */
@ApplicationScoped
public class TopicAlignment {

    private static final Logger LOG = Logger.getLogger(TopicAlignment.class);

    private final KafkaClientService kafka;
    private final long maxSkewMillis;
    /** Timestamp of the newest record handed to the consumer, per partition. */
    private final Map<TopicPartition, Long> newest = new ConcurrentHashMap<>();
    /** Partitions this class paused (never those the connector paused for its own reasons). */
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final AtomicLong pauses = new AtomicLong();
    private volatile long lastBatchNanos = System.nanoTime();
    /**
     * A safety net: batches drive the resumes, so when none has come for {@link #IDLE} while
     * partitions are paused here (which the rules above should never allow), they are resumed.
     */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "topic-alignment-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Duration IDLE = Duration.ofSeconds(5);

    public TopicAlignment(KafkaClientService kafka, NormalizerConfig config, MeterRegistry registry) {
        this.kafka = kafka;
        this.maxSkewMillis = config.maxTopicSkew().toMillis();
        registry.gauge("audit.normalizer.raw.partitions.paused.ahead", paused, Set::size);
        registry.more().counter("audit.normalizer.raw.partition.pauses", List.of(), pauses);
        watchdog.scheduleWithFixedDelay(this::resumeIfIdle, IDLE.toMillis(), IDLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    private void resumeIfIdle() {
        if (paused.isEmpty() || System.nanoTime() - lastBatchNanos < IDLE.toNanos()) {
            return;
        }
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(Channels.RAW);
        if (consumer != null) {
            consumer.runOnPollingThread(c -> {
                Set<TopicPartition> mine = new HashSet<>(paused);
                mine.retainAll(c.assignment());
                c.resume(mine);
                paused.clear();
                LOG.infof("no raw batch for %s with partitions held back: resumed %s", IDLE, mine);
                return null;
            }).subscribe().with(ignored -> {
            }, e -> LOG.debugf("could not resume the raw partitions: %s", e.getMessage()));
        }
    }

    /** Called with each batch the consumer receives. */
    public void observe(ConsumerRecords<?, ?> records) {
        lastBatchNanos = System.nanoTime();
        if (maxSkewMillis <= 0) {
            return;
        }
        for (TopicPartition tp : records.partitions()) {
            List<? extends ConsumerRecord<?, ?>> rs = records.records(tp);
            newest.merge(tp, rs.get(rs.size() - 1).timestamp(), Math::max);
        }
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(Channels.RAW);
        if (consumer == null) {
            return;
        }
        consumer.runOnPollingThread(this::apply).subscribe().with(ignored -> {
        }, e -> LOG.debugf("could not align the raw partitions: %s", e.getMessage()));
    }

    private Void apply(Consumer<Object, Object> c) {
        Set<TopicPartition> assigned = c.assignment();
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (TopicPartition tp : assigned) {
            OptionalLong lag = c.currentLag(tp);
            Long ts = newest.get(tp);
            if (lag.isPresent() && lag.getAsLong() > 0 && ts != null) {
                behind.put(tp, ts);
            }
        }
        Set<TopicPartition> pausedNow = c.paused();
        // Ours and still paused: the connector's own resume (after its back-pressure) resumes all,
        // and a revoked partition is not ours to resume.
        paused.retainAll(pausedNow);
        // The connector (back-pressure, or the drain on shutdown) paused partitions of its own:
        // resume nothing until it has resumed them.
        boolean connectorPaused = !paused.containsAll(pausedNow);
        Decision d = decide(behind, paused, maxSkewMillis);
        if (!d.pause().isEmpty()) {
            c.pause(d.pause());
            paused.addAll(d.pause());
            pauses.addAndGet(d.pause().size());
            LOG.debugf("raw partitions ahead of the others by more than %d ms, paused: %s", maxSkewMillis, d.pause());
        }
        if (!d.resume().isEmpty() && !connectorPaused) {
            c.resume(d.resume());
            paused.removeAll(d.resume());
        }
        return null;
    }

    /** What to pause and what to resume. */
    record Decision(Set<TopicPartition> pause, Set<TopicPartition> resume) {
    }

    /**
     * @param behind the newest timestamp read of every partition that still has records to read
     * @param pausedNow the partitions paused by this class
     */
    static Decision decide(Map<TopicPartition, Long> behind, Set<TopicPartition> pausedNow, long maxSkewMillis) {
        long oldest = behind.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        for (Map.Entry<TopicPartition, Long> e : behind.entrySet()) {
            boolean ahead = e.getValue() - oldest > maxSkewMillis;
            if (ahead && !pausedNow.contains(e.getKey())) {
                pause.add(e.getKey());
            }
        }
        for (TopicPartition tp : pausedNow) {
            Long ts = behind.get(tp);
            if (ts == null || ts - oldest <= maxSkewMillis) {
                resume.add(tp); // level again, or nothing left to read behind it
            }
        }
        return new Decision(pause, resume);
    }
}
