package io.auditoverlay.inference.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.metrics.InferenceMetrics;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.RuleEngine;
import io.auditoverlay.inference.rules.Rules;
import io.auditoverlay.inference.rules.RulesLoader;
import io.auditoverlay.inference.rules.hooks.MatchingSaleHook;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A partition of {@code audit.changes} replayed through the pipeline with a consumer that
 * commits like SmallRye's throttled strategy (the highest offset below which every record is
 * acknowledged), crashing and restarting at every possible point.
 */
class PipelineRestartTest {

    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
    private static final Rules RULES = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");

    /** Interleaved: a sale whose END comes first, a role change inside it, a refund of the sale, an adjustment. */
    private static List<ChangeMessage> partition() {
        TxBuilder sale = Pos.sale("0-1-1", AT, 10, 1, 1, "CARD", "0.00", new Pos.Line(1, 3, 1, "42.00", 10),
                new Pos.Line(2, 1, 2, "6.49", 10));
        TxBuilder role = Pos.roleChange("0-1-2", AT, 5, 1, 1, 3);
        TxBuilder refund = Pos.refund("0-1-3", AT.plusSeconds(60), 7, 10L, 1, 3, "42.00", "faulty", 3, 1, 9);
        TxBuilder adjust = Pos.adjustment("0-1-4", AT.plusSeconds(90), 99, 1, 1, 3, -2, "EXPIRED", 8);
        List<ChangeMessage> log = new ArrayList<>();
        log.add(sale.end());
        log.addAll(sale.changes().subList(0, 3));
        log.addAll(role.messages());
        log.addAll(sale.changes().subList(3, 7));
        log.add(refund.changes().get(0));
        log.addAll(adjust.messages());
        log.addAll(refund.changes().subList(1, 4));
        log.add(refund.end());
        return log;
    }

    /** A consumer group's view of the partition: acknowledged offsets and the committed position. */
    private static final class Consumer {
        final TreeSet<Long> acked = new TreeSet<>();
        long committed;

        synchronized void ack(long offset) {
            acked.add(offset);
            while (acked.contains(committed)) {
                acked.remove(committed);
                committed++;
            }
        }
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final List<BusinessEvent> published = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    private InferencePipeline<Long> session(Consumer consumer) {
        // A restart loses everything held in memory: assembler, reference cache.
        ReferenceData reference = new ReferenceData(RULES.reference());
        reference.load(store.references);
        BatchProcessor processor = new BatchProcessor(new RuleEngine(RULES, reference), reference, store, events -> {
            published.addAll(events);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(5));
        return new InferencePipeline<>(new TransactionAssembler<>(Duration.ofSeconds(30), clock::get), processor,
                consumer::ack, new InferenceMetrics(new SimpleMeterRegistry()),
                new InferencePipeline.Settings(100, Duration.ofMillis(1), Duration.ofSeconds(1), 10_000, 5_000,
                        Duration.ofMillis(1), Duration.ofMillis(10)));
    }

    private static Map<UUID, BusinessEvent> byId(InMemoryEventStore store) {
        return store.events.values().stream().collect(Collectors.toMap(e -> e.event().id(), e -> e.event(),
                (a, b) -> a, TreeMap::new));
    }

    private Map<UUID, BusinessEvent> cleanRun(List<ChangeMessage> log) throws Exception {
        PipelineRestartTest clean = new PipelineRestartTest();
        Consumer consumer = new Consumer();
        InferencePipeline<Long> pipeline = clean.session(consumer);
        for (long offset = 0; offset < log.size(); offset++) {
            pipeline.offer(log.get((int) offset), offset);
            pipeline.flush();
        }
        assertEquals(log.size(), consumer.committed, "every record acknowledged");
        return byId(clean.store);
    }

    @Test
    void cleanRunInfersEveryTransactionOnce() throws Exception {
        Map<UUID, BusinessEvent> events = cleanRun(partition());
        assertEquals(List.of("inventory.adjusted", "inventory.adjusted", "inventory.adjusted", "inventory.adjusted",
                        "sale.completed", "sale.refunded", "user.role_changed"),
                events.values().stream().map(BusinessEvent::type).sorted().toList());
        BusinessEvent refund = events.values().stream().filter(e -> e.type().equals("sale.refunded")).findFirst().get();
        assertEquals(true, refund.attributes().get("matchingSale"), "the refund finds the sale inferred before it");
    }

    @Test
    void restartAtEveryOffsetGivesTheSameEventsWithoutDuplicates() throws Exception {
        List<ChangeMessage> log = partition();
        Map<UUID, BusinessEvent> expected = cleanRun(log);
        for (int crashAt = 1; crashAt < log.size(); crashAt++) {
            PipelineRestartTest run = new PipelineRestartTest();
            Consumer consumer = new Consumer();
            InferencePipeline<Long> first = run.session(consumer);
            for (long offset = 0; offset < crashAt; offset++) {
                first.offer(log.get((int) offset), offset);
                first.flush();
            }
            // crash: the first session is dropped; Kafka redelivers from the committed offset
            long resumeFrom = consumer.committed;
            assertTrue(resumeFrom <= crashAt);
            InferencePipeline<Long> second = run.session(consumer);
            for (long offset = resumeFrom; offset < log.size(); offset++) {
                second.offer(log.get((int) offset), offset);
                second.flush();
            }
            assertEquals(log.size(), consumer.committed, "crash at " + crashAt + ": all acknowledged");
            assertEquals(expected, byId(run.store), "crash at " + crashAt + ": same business events");
            assertEquals(0, run.store.duplicateInserts, "crash at " + crashAt + ": no transaction inferred twice");
            assertTrue(run.published.stream().map(BusinessEvent::id).collect(Collectors.toSet())
                    .containsAll(expected.keySet()), "crash at " + crashAt + ": every event published");
        }
    }

    @Test
    void writerThreadOverlapsBatchesAndRepublishesAfterAFailedPublication() throws Exception {
        List<ChangeMessage> log = partition();
        Consumer consumer = new Consumer();
        ReferenceData reference = new ReferenceData(RULES.reference());
        AtomicInteger calls = new AtomicInteger();
        BatchProcessor processor = new BatchProcessor(new RuleEngine(RULES, reference), reference, store, events -> {
            if (calls.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            synchronized (published) {
                published.addAll(events);
            }
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(5));
        InferencePipeline<Long> pipeline = new InferencePipeline<>(new TransactionAssembler<>(Duration.ofSeconds(30)),
                processor, consumer::ack, new InferenceMetrics(new SimpleMeterRegistry()),
                new InferencePipeline.Settings(2, Duration.ofMillis(5), Duration.ofMillis(50), 10_000, 5_000,
                        Duration.ofMillis(1), Duration.ofMillis(10)));
        pipeline.start();
        try {
            for (long offset = 0; offset < log.size(); offset++) {
                pipeline.offer(log.get((int) offset), offset).toCompletableFuture().get();
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.committed < log.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(pipeline.running());
            assertTrue(pipeline.lastFailure().contains("broker down"), pipeline.lastFailure());
            while (!pipeline.failingFor().isZero() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Duration.ZERO, pipeline.failingFor(), "recovered");
        } finally {
            pipeline.stop();
        }
        assertEquals(log.size(), consumer.committed);
        assertEquals(cleanRun(log), byId(store));
        assertEquals(0, store.duplicateInserts);
        synchronized (published) {
            assertTrue(published.stream().map(BusinessEvent::id).collect(Collectors.toSet())
                    .containsAll(store.events.keySet()), "events of the failed publication published again");
        }
    }

    @Test
    void failedWriteAcknowledgesNothingAndRetrySucceeds() throws Exception {
        List<ChangeMessage> log = partition();
        Consumer consumer = new Consumer();
        InferencePipeline<Long> pipeline = session(consumer);
        for (long offset = 0; offset < 9; offset++) {
            pipeline.offer(log.get((int) offset), offset);
        }
        store.failNextWrite = true;
        assertThrows(IllegalStateException.class, pipeline::flush);
        assertEquals(0, consumer.committed);
        assertTrue(store.events.isEmpty());
        // the real writer keeps the failed batch and retries; here the session restarts instead
        InferencePipeline<Long> again = session(consumer);
        for (long offset = 0; offset < log.size(); offset++) {
            again.offer(log.get((int) offset), offset);
        }
        again.flush();
        assertEquals(log.size(), consumer.committed);
        assertEquals(cleanRun(log), byId(store));
    }

    @Test
    void timedOutTransactionIsInferredAsPartialAndAcknowledged() throws Exception {
        TxBuilder sale = Pos.sale("0-1-50", AT, 50, 2, 5, "CASH", "0.00", new Pos.Line(1, 1, 1, "6.49", 5));
        Consumer consumer = new Consumer();
        InferencePipeline<Long> pipeline = session(consumer);
        List<ChangeMessage> changes = new ArrayList<>(sale.changes());
        for (long offset = 0; offset < changes.size(); offset++) {
            pipeline.offer(changes.get((int) offset), offset);
        }
        pipeline.flush();
        assertEquals(0, consumer.committed, "held while the END marker may still come");
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        pipeline.expireNow();
        pipeline.flush();
        assertEquals(changes.size(), consumer.committed);
        assertTrue(store.events.values().stream().allMatch(e -> e.partial()));
        assertTrue(store.transactions.get(sale.transactionId()).partial());
        assertEquals(List.of("inventory.adjusted", "sale.completed"),
                store.events.values().stream().map(e -> e.event().type()).sorted().toList());
    }
}
