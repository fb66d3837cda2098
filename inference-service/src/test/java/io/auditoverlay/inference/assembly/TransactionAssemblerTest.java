package io.auditoverlay.inference.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransactionAssemblerTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private final AtomicLong clock = new AtomicLong();
    private final TransactionAssembler<String> assembler = new TransactionAssembler<>(Duration.ofSeconds(30), clock::get);

    private static TxBuilder sale(String gtid, long id) {
        return Pos.sale(gtid, AT, id, 1, 1, "CASH", "0.00", new Pos.Line(id * 10, 1, 1, "6.49", 10),
                new Pos.Line(id * 10 + 1, 3, 2, "42.00", 10));
    }

    private List<AssembledTransaction<String>> feed(List<ChangeMessage> messages) {
        List<AssembledTransaction<String>> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            out.addAll(assembler.accept(messages.get(i), "r" + i));
        }
        return out;
    }

    @Test
    void dataBeforeEndCompletesOnEnd() {
        TxBuilder tx = sale("0-1-1", 1);
        List<AssembledTransaction<String>> closed = feed(tx.messages());
        assertEquals(1, closed.size());
        AssembledTransaction<String> done = closed.get(0);
        assertEquals(Completion.COMPLETE, done.completion());
        assertEquals(tx.changes(), done.events());
        assertEquals(8, done.receipts().size(), "7 changes and the END marker");
        assertEquals(0, assembler.pendingCount());
        assertEquals(AT, done.committedAt());
    }

    @Test
    void endBeforeDataCompletesOnLastChangeInTransactionOrder() {
        TxBuilder tx = sale("0-1-2", 2);
        List<ChangeMessage> messages = new ArrayList<>();
        messages.add(tx.end());
        List<CanonicalChangeEvent> shuffled = new ArrayList<>(tx.changes());
        Collections.shuffle(shuffled, new Random(7));
        messages.addAll(shuffled);
        List<AssembledTransaction<String>> closed = feed(messages);
        assertEquals(1, closed.size());
        assertEquals(tx.changes(), closed.get(0).events(), "sorted back into transaction order");
        assertEquals(Completion.COMPLETE, closed.get(0).completion());
    }

    @Test
    void interleavedTransactionsCompleteIndependently() {
        TxBuilder a = sale("0-1-3", 3);
        TxBuilder b = Pos.roleChange("0-1-4", AT, 5, 1, 1, 3);
        TxBuilder c = Pos.adjustment("0-1-5", AT, 44, 1, 3, 3, -1, "DAMAGE", 9);
        List<ChangeMessage> messages = new ArrayList<>();
        List<List<ChangeMessage>> all = List.of(a.messages(), b.messages(), c.messages());
        for (int i = 0; i < 8; i++) {
            for (List<ChangeMessage> tx : all) {
                if (i < tx.size()) {
                    messages.add(tx.get(i));
                }
            }
        }
        List<AssembledTransaction<String>> closed = feed(messages);
        assertEquals(List.of(b.transactionId(), c.transactionId(), a.transactionId()),
                closed.stream().map(AssembledTransaction::transactionId).toList());
        assertEquals(a.changes(), closed.get(2).events());
        assertEquals(b.changes(), closed.get(0).events());
    }

    @Test
    void redeliveredChangesAreMergedButEveryReceiptIsKept() {
        TxBuilder tx = sale("0-1-6", 6);
        List<ChangeMessage> messages = new ArrayList<>(tx.changes().subList(0, 3));
        messages.addAll(tx.changes().subList(0, 3));
        messages.addAll(tx.messages().subList(3, 8));
        AssembledTransaction<String> done = feed(messages).get(0);
        assertEquals(7, done.events().size());
        assertEquals(11, done.receipts().size());
    }

    @Test
    void timeoutClosesTransactionWithoutEndAsPartial() {
        TxBuilder tx = sale("0-1-7", 7);
        assertTrue(feed(new ArrayList<>(tx.changes())).isEmpty());
        clock.addAndGet(Duration.ofSeconds(29).toNanos());
        assertTrue(assembler.expire().isEmpty());
        assertEquals(1, assembler.pendingCount());
        assertEquals(7, assembler.pendingRecords());
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        List<AssembledTransaction<String>> expired = assembler.expire();
        assertEquals(1, expired.size());
        assertEquals(Completion.TIMED_OUT_WITHOUT_END, expired.get(0).completion());
        assertTrue(expired.get(0).partial());
        assertNull(expired.get(0).end());
        assertEquals(7, expired.get(0).events().size());
        assertEquals(0, assembler.pendingCount());
    }

    @Test
    void timeoutClosesTransactionMissingChanges() {
        TxBuilder tx = sale("0-1-8", 8);
        List<ChangeMessage> messages = new ArrayList<>(tx.changes().subList(0, 4));
        messages.add(tx.end());
        assertTrue(feed(messages).isEmpty());
        TxBuilder later = Pos.roleChange("0-1-9", AT, 5, 1, 1, 3);
        clock.addAndGet(Duration.ofSeconds(20).toNanos());
        assembler.accept(later.changes().get(0), "x");
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        List<AssembledTransaction<String>> expired = assembler.expire();
        assertEquals(1, expired.size(), "only the older transaction is past the timeout");
        assertEquals(Completion.TIMED_OUT_MISSING_CHANGES, expired.get(0).completion());
        assertEquals(4, expired.get(0).events().size());
        assertEquals(1, assembler.pendingCount());
    }

    @Test
    void aTransactionWhoseEndArrivedWaitsLongerForItsChangesThanOneWithoutEnd() {
        TransactionAssembler<String> catchingUp = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10), clock::get);
        TxBuilder withEnd = sale("0-1-20", 20);
        catchingUp.accept(withEnd.changes().get(0), "a");
        catchingUp.accept(withEnd.end(), "b");
        TxBuilder withoutEnd = Pos.roleChange("0-1-21", AT, 5, 1, 1, 3);
        catchingUp.accept(withoutEnd.changes().get(0), "c");

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        List<AssembledTransaction<String>> expired = catchingUp.expire();
        assertEquals(1, expired.size(), "only the one without END is past its (short) timeout");
        assertEquals(Completion.TIMED_OUT_WITHOUT_END, expired.get(0).completion());

        for (int i = 1; i < withEnd.changes().size(); i++) {
            catchingUp.accept(withEnd.changes().get(i), "r" + i);
        }
        assertEquals(0, catchingUp.pendingCount(), "the trailing changes completed it: nothing partial");

        TxBuilder stuck = sale("0-1-22", 22);
        catchingUp.accept(stuck.end(), "e");
        clock.addAndGet(Duration.ofMinutes(9).toNanos());
        assertTrue(catchingUp.expire().isEmpty());
        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(Completion.TIMED_OUT_MISSING_CHANGES, catchingUp.expire().get(0).completion());
    }

    /** Timeouts of 30 s and 10 min on {@code clock} (the intake clock), a longest hold of 12 min on {@code wall}. */
    private TransactionAssembler<String> onTheIntakeClock(AtomicLong wall) {
        return new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10), 100_000, clock::get, wall::get,
                Duration.ofMinutes(12));
    }

    @Test
    void timeoutsCountOnlyTheTimeTheIntakeWasOpen() {
        AtomicLong wall = new AtomicLong();
        TransactionAssembler<String> paused = onTheIntakeClock(wall);
        TxBuilder tx = sale("0-1-30", 30);
        List<CanonicalChangeEvent> changes = tx.changes();
        paused.accept(changes.get(changes.size() - 1), "first");
        // The consumer is paused for a minute (the writer is behind): the intake clock stands still.
        wall.addAndGet(Duration.ofSeconds(60).toNanos());
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(paused.expire().isEmpty(), "5 s of reading, not 60 s of waiting, since its first change");
        List<AssembledTransaction<String>> closed = new ArrayList<>();
        for (int i = 0; i < changes.size() - 1; i++) {
            closed.addAll(paused.accept(changes.get(i), "r" + i));
        }
        closed.addAll(paused.accept(tx.end(), "end"));
        assertEquals(1, closed.size());
        assertEquals(Completion.COMPLETE, closed.get(0).completion(), "one transaction, not a fragment and a remainder");
        assertEquals(changes.size(), closed.get(0).events().size());

        TxBuilder lonely = Pos.roleChange("0-1-31", AT, 5, 1, 1, 3);
        paused.accept(lonely.changes().get(0), "x");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        wall.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(Completion.TIMED_OUT_WITHOUT_END, paused.expire().get(0).completion(), "30 s of reading without its END");
        assertEquals(0, paused.closedAtMaxHold());
    }

    @Test
    void aTransactionHeldForTheLongestHoldOfWallTimeClosesWhateverTheIntakeClockSays() {
        AtomicLong wall = new AtomicLong();
        TransactionAssembler<String> paused = onTheIntakeClock(wall);
        TxBuilder tx = sale("0-1-32", 32);
        paused.accept(tx.changes().get(0), "a");
        paused.accept(tx.end(), "b");
        clock.addAndGet(Duration.ofMinutes(3).toNanos());
        wall.addAndGet(Duration.ofMinutes(12).minusNanos(1).toNanos());
        assertTrue(paused.expire().isEmpty());
        wall.addAndGet(1);
        List<AssembledTransaction<String>> expired = paused.expire();
        assertEquals(1, expired.size(), "closed before the consumer's limit on an unacknowledged record");
        assertEquals(Completion.TIMED_OUT_MISSING_CHANGES, expired.get(0).completion());
        assertEquals(1, paused.closedAtMaxHold());
        assertThrows(IllegalArgumentException.class, () -> new TransactionAssembler<String>(Duration.ofSeconds(30),
                Duration.ofMinutes(10), 10, clock::get, wall::get, Duration.ofMinutes(5)), "a hold shorter than a timeout");
    }

    @Test
    void snapshotRowsAndChangesWithoutTransactionComeBackAlone() {
        SourcePosition snapshot = new SourcePosition(1L, "mb.000001", 4L, 0, null, true);
        CanonicalChangeEvent read = new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "roles", Operation.READ,
                Map.of("id", 1), null, Map.of("id", 1, "name", "CASHIER"), List.of(), null, null, AT, AT, snapshot, "1", 1);
        AssembledTransaction<String> snap = assembler.accept(read, "s").get(0);
        assertEquals(Completion.SNAPSHOT, snap.completion());
        assertNull(snap.transactionId());
        TxBuilder tx = Pos.roleChange("0-1-10", AT, 5, 1, 1, 3);
        CanonicalChangeEvent c = tx.changes().get(0);
        CanonicalChangeEvent noTx = new CanonicalChangeEvent(c.eventId(), c.source(), c.database(), c.table(), c.op(),
                c.primaryKey(), c.before(), c.after(), c.changedColumns(), null, null, c.committedAt(), c.capturedAt(),
                c.position(), c.branchId(), 1);
        AssembledTransaction<String> single = assembler.accept(noTx, "n").get(0);
        assertEquals(Completion.SINGLE_CHANGE, single.completion());
        assertEquals("pos:event:" + c.eventId(), single.transactionId());
        assertEquals(0, assembler.pendingCount());
    }

    @Test
    void atTheCapTheOldestOpenTransactionsCloseAsPartialAndTheCountStaysBounded() {
        TransactionAssembler<String> capped = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10), 5,
                clock::get);
        TxBuilder first = sale("0-1-30", 30);
        TxBuilder second = sale("0-1-31", 31);
        capped.accept(first.end(), "e1");
        capped.accept(second.end(), "e2");
        List<AssembledTransaction<String>> closed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            closed.addAll(capped.accept(second.changes().get(i), "s" + i));
        }
        assertTrue(closed.isEmpty(), "5 records held: at the cap, not over it");
        assertEquals(5, capped.pendingRecords());

        closed.addAll(capped.accept(second.changes().get(3), "s3"));
        assertEquals(1, closed.size(), "the 6th record closes the oldest transaction, not the one it belongs to");
        assertEquals(first.transactionId(), closed.get(0).transactionId());
        assertEquals(Completion.CLOSED_AT_CAP, closed.get(0).completion());
        assertTrue(closed.get(0).partial());
        assertEquals(List.of("e1"), closed.get(0).receipts(), "its records come back to be acknowledged");
        assertEquals(5, capped.pendingRecords());
        assertEquals(0, capped.closedAtCap(), "it held only its END: deferred, not split");
        assertEquals(1, capped.endsDeferredAtCap());

        // the rest of the second transaction completes it as usual: a completed transaction frees its records
        for (int i = 4; i < second.changes().size(); i++) {
            closed.addAll(capped.accept(second.changes().get(i), "s" + i));
        }
        assertEquals(Completion.CLOSED_AT_CAP, closed.get(1).completion(), "alone over the cap, it closes too");
        assertEquals(1, capped.closedAtCap(), "this one held changes: split");
        assertTrue(capped.pendingRecords() <= 5);
        assertThrows(IllegalArgumentException.class,
                () -> new TransactionAssembler<String>(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, clock::get));
    }

    @Test
    void changesThatTrailAnEndClosedAtTheCapStillMakeACompleteTransaction() {
        TransactionAssembler<String> capped = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10), 12,
                clock::get);
        List<TxBuilder> sales = new ArrayList<>();
        List<AssembledTransaction<String>> closed = new ArrayList<>();
        for (int n = 0; n < 13; n++) {
            sales.add(sale("0-1-5" + n, 50 + n));
            closed.addAll(capped.accept(sales.get(n).end(), "e" + n));
        }
        assertEquals(1, closed.size());
        assertEquals(Completion.CLOSED_AT_CAP, closed.get(0).completion());
        assertTrue(closed.get(0).events().isEmpty(), "only its END had come");
        assertEquals(List.of("e0"), closed.get(0).receipts());

        closed.clear();
        TxBuilder first = sales.get(0);
        for (int i = 0; i < first.changes().size(); i++) {
            closed.addAll(capped.accept(first.changes().get(i), "r" + i));
        }
        AssembledTransaction<String> whole = closed.get(closed.size() - 1);
        assertEquals(first.transactionId(), whole.transactionId());
        assertEquals(Completion.COMPLETE, whole.completion(), "its remembered END completes it");
        assertEquals(first.changes(), whole.events());
        assertEquals(first.changes().size(), whole.receipts().size(), "the END's record went with the first fragment");
        assertEquals(first.end().eventCount(), whole.end().eventCount());
        assertTrue(capped.pendingRecords() <= 12);
    }

    /**
     * END markers running ahead of their changes: the oldest open transaction holds its END and
     * some changes, younger ones hold only their END. The cap closes the younger END-only ones
     * (remembered), not the one being filled, which then completes whole; so do the others later.
     */
    @Test
    void atTheCapEndOnlyTransactionsCloseBeforeOneThatIsBeingFilled() {
        TransactionAssembler<String> capped = new TransactionAssembler<>(Duration.ofSeconds(30), Duration.ofMinutes(10), 8,
                clock::get);
        List<TxBuilder> sales = new ArrayList<>();
        List<AssembledTransaction<String>> closed = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            sales.add(sale("0-1-7" + n, 70 + n));
            closed.addAll(capped.accept(sales.get(n).end(), "e" + n));
        }
        TxBuilder filling = sales.get(0);
        int half = filling.changes().size() / 2;
        for (int i = 0; i < half; i++) {
            closed.addAll(capped.accept(filling.changes().get(i), "f" + i));
        }
        for (int n = 4; n < 8; n++) {
            sales.add(sale("0-1-7" + n, 70 + n));
            closed.addAll(capped.accept(sales.get(n).end(), "e" + n));
        }
        assertFalse(closed.isEmpty(), "over the cap");
        assertTrue(closed.stream().allMatch(t -> t.events().isEmpty() && t.completion() == Completion.CLOSED_AT_CAP),
                "only END-only transactions closed: " + closed);
        assertEquals(sales.get(1).transactionId(), closed.get(0).transactionId(), "the oldest END-only first");
        assertTrue(capped.pendingRecords() <= 8);
        assertEquals(0, capped.closedAtCap(), "nothing split");
        assertEquals(closed.size(), capped.endsDeferredAtCap());

        closed.clear();
        for (int i = half; i < filling.changes().size(); i++) {
            closed.addAll(capped.accept(filling.changes().get(i), "f" + i));
        }
        AssembledTransaction<String> whole = closed.stream().filter(t -> t.transactionId().equals(filling.transactionId()))
                .findFirst().orElseThrow();
        assertEquals(Completion.COMPLETE, whole.completion(), "the transaction being filled was not split");
        assertEquals(filling.changes(), whole.events());

        TxBuilder next = sales.get(1);
        closed.clear();
        for (CanonicalChangeEvent change : next.changes()) {
            closed.addAll(capped.accept(change, "n"));
        }
        assertEquals(Completion.COMPLETE, closed.get(closed.size() - 1).completion(), "its remembered END completes it");
    }

    @Test
    void pendingRecordsCountsEveryHeldRecordAndForgetsClosedOnes() {
        TxBuilder tx = sale("0-1-40", 40);
        List<ChangeMessage> messages = tx.messages();
        for (int i = 0; i < messages.size() - 1; i++) {
            assembler.accept(messages.get(i), "r" + i);
            assertEquals(i + 1, assembler.pendingRecords());
        }
        assembler.accept(messages.get(0), "again");
        assertEquals(messages.size(), assembler.pendingRecords(), "a redelivered record is held too, to be acknowledged");
        assembler.accept(messages.get(messages.size() - 1), "last");
        assertEquals(0, assembler.pendingRecords());
        assembler.accept(sale("0-1-41", 41).end(), "e");
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assembler.expire();
        assertEquals(0, assembler.pendingRecords());
    }

    @Test
    void rejectsNonPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new TransactionAssembler<String>(Duration.ZERO));
    }
}
