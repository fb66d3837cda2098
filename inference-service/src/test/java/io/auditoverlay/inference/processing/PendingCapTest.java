package io.auditoverlay.inference.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.metrics.InferenceMetrics;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.InferredEvent;
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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A catch-up as the normalizer produces it: every sale's END marker reaches {@code audit.changes}
 * {@code LAG} transactions before its rows. The cap on pending records bounds what the assembler
 * holds, whatever the lag; nothing is dropped: every record is acknowledged once stored, and every
 * sale is inferred once its rows have arrived.
 */
class PendingCapTest {

    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
    private static final Rules RULES = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");
    private static final int SALES = 300;
    private static final int LAG = 120;
    /** Rows this far behind their END are matched to it even though the END was closed at the cap. */
    private static final int SHORT_LAG = 60;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final AtomicLong clock = new AtomicLong();
    private final TreeSet<Long> acknowledged = new TreeSet<>();
    private int acknowledgements;

    private static List<ChangeMessage> catchUp() {
        return catchUp(LAG);
    }

    private static List<ChangeMessage> catchUp(int lag) {
        List<TxBuilder> sales = new ArrayList<>();
        for (int n = 0; n < SALES; n++) {
            sales.add(Pos.sale("0-1-" + (n + 1), AT.plusSeconds(n), n + 1, 1, 2, "CARD", "0.00",
                    new Pos.Line(n * 10L, 3, 1, "42.00", 50), new Pos.Line(n * 10L + 1, 1, 2, "6.49", 50),
                    new Pos.Line(n * 10L + 2, 5, 1, "3.20", 50)));
        }
        List<ChangeMessage> log = new ArrayList<>();
        for (int n = 0; n < SALES + lag; n++) {
            if (n < SALES) {
                log.add(sales.get(n).end());
            }
            if (n >= lag) {
                log.addAll(sales.get(n - lag).changes());
            }
        }
        return log;
    }

    /**
     * Replays the log, the writer taking what closed every {@code flushEvery} records; returns the
     * most records the assembler held after any message.
     */
    private int replay(List<ChangeMessage> log, TransactionAssembler<Long> assembler, int flushEvery) throws Exception {
        ReferenceData reference = new ReferenceData(RULES.reference());
        BatchProcessor processor = new BatchProcessor(new RuleEngine(RULES, reference), reference, store,
                events -> CompletableFuture.completedFuture(null), Duration.ofSeconds(5));
        InferencePipeline<Long> pipeline = new InferencePipeline<>(assembler, processor, offset -> {
            acknowledged.add(offset);
            acknowledgements++;
        }, new InferenceMetrics(new SimpleMeterRegistry()), new InferencePipeline.Settings(100, Duration.ofMillis(1),
                Duration.ofSeconds(1), 10_000, 5_000, Duration.ofMillis(1), Duration.ofMillis(10)));
        int most = 0;
        for (long offset = 0; offset < log.size(); offset++) {
            pipeline.offer(log.get((int) offset), offset);
            most = Math.max(most, assembler.pendingRecords());
            if (offset % flushEvery == 0) {
                pipeline.flush();
            }
        }
        // the tail: fragments left without END close on their timeout
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        pipeline.expireNow();
        pipeline.flush();
        assertEquals(0, assembler.pendingCount());
        return most;
    }

    private Map<String, Long> saleEvents() {
        return store.events.values().stream().map(InferredEvent::event).filter(e -> e.type().equals("sale.completed"))
                .collect(Collectors.groupingBy(BusinessEvent::subjectId, Collectors.counting()));
    }

    private void assertNothingLost(List<ChangeMessage> log) {
        assertEquals(log.size(), acknowledged.size(), "every record acknowledged");
        assertEquals(log.size(), acknowledgements, "and only once");
        Map<String, Long> sales = saleEvents();
        assertEquals(SALES, sales.size(), "every sale inferred once its rows arrived");
        assertTrue(sales.values().stream().allMatch(count -> count == 1), "no sale inferred twice: " + sales);
    }

    @Test
    void aCapAboveTheLagChangesNothing() throws Exception {
        List<ChangeMessage> log = catchUp();
        TransactionAssembler<Long> assembler = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10),
                1_000, clock::get);
        int most = replay(log, assembler, 50);
        assertTrue(most > LAG, "the lag holds END markers open: " + most);
        assertEquals(0, assembler.closedAtCap());
        assertEquals(0, assembler.endsDeferredAtCap());
        assertNothingLost(log);
        assertTrue(store.transactions.values().stream().allMatch(tx -> tx.completion() == Completion.COMPLETE));
    }

    @Test
    void aCapBelowTheLagBoundsMemoryAndLosesNothing() throws Exception {
        List<ChangeMessage> log = catchUp();
        int cap = 40;
        TransactionAssembler<Long> assembler = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10),
                cap, clock::get);
        int most = replay(log, assembler, 50);
        assertTrue(most <= cap, "held " + most + " records, cap " + cap);
        assertTrue(assembler.closedAtCap() + assembler.endsDeferredAtCap() > 0);
        assertNothingLost(log);
        // the END markers were closed at the cap before their rows came; the rows were inferred
        // with all their lines, complete when their END was still remembered, else partial
        assertEquals(SALES, store.transactions.size());
        assertTrue(store.events.values().stream().map(InferredEvent::event).filter(e -> e.type().equals("sale.completed"))
                .allMatch(e -> ((List<?>) e.attributes().get("items")).size() == 3), "every sale with its three lines");
    }

    @Test
    void rowsTrailingAnEndClosedAtTheCapStillCompleteTheirTransaction() throws Exception {
        List<ChangeMessage> log = catchUp(SHORT_LAG);
        int cap = 40;
        TransactionAssembler<Long> assembler = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10),
                cap, clock::get);
        int most = replay(log, assembler, 50);
        assertTrue(most <= cap, "held " + most + " records, cap " + cap);
        assertTrue(assembler.endsDeferredAtCap() > 0);
        assertEquals(0, assembler.closedAtCap(), "only END markers closed at the cap: nothing split");
        assertNothingLost(log);
        assertTrue(store.transactions.values().stream().allMatch(tx -> tx.completion() == Completion.COMPLETE),
                "every sale complete: its rows met its remembered END");
        assertTrue(store.events.values().stream().noneMatch(InferredEvent::partial));
    }

    @Test
    void fragmentsOfOneTransactionClosedIntoTheSameBatchAreAllInferred() throws Exception {
        // the writer lagging: a sale's END (closed at the cap) and its rows (closed later) wait in one batch
        List<ChangeMessage> log = catchUp();
        TransactionAssembler<Long> assembler = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10),
                40, clock::get);
        replay(log, assembler, 5_000);
        assertNothingLost(log);
    }
}
