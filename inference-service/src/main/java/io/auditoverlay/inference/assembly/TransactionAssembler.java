package io.auditoverlay.inference.assembly;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.TransactionEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Groups the messages of {@code audit.changes} by source transaction.
 *
 * <p>A transaction is complete when its END marker has arrived and as many distinct changes as
 * the marker announces are present, whatever order they came in. A transaction that is still
 * open {@code timeout} after its first message arrived is closed as partial, or
 * {@code incompleteTimeout} after it when its END marker is there but changes are missing (they
 * trail the marker while the upstream catches up). The clock starts at the first message, not the
 * last, so that no record is held unacknowledged longer than the timeout (the Kafka commit strategy
 * fails records older than its own limit).
 *
 * <p>The timeouts run on the <em>intake clock</em>: time during which the consumer was reading,
 * not time it was paused because the writer was behind (docs/reliability.md, "Timeouts on the
 * intake clock"). A paused consumer receives nothing, so a wall-clock timeout closed transactions
 * whose messages were only waiting behind the pause: in a 90-day catch-up paused 70 % of the time,
 * 22,896 transactions were split that way and their voids lost their refund rows. A transaction
 * held longer than {@code maxHold} of wall time is closed all the same, so that the consumer's
 * limit on an unacknowledged record is never reached.
 *
 * <p>Redelivered changes (same event id) are merged; their receipts are kept so that each
 * delivered record is acknowledged. Thread-safe; all methods are cheap.
 *
 * <p>Memory is bounded by {@code maxPendingRecords}: when a message would leave more records
 * held by open transactions than that, open transactions are closed as partial
 * ({@link Completion#CLOSED_AT_CAP}), END-only ones first, then the oldest (see
 * {@link #closeOldestOverCap}), as their timeout would have closed them, only earlier. Their
 * records are then stored and acknowledged like any partial transaction's; nothing is dropped.
 * Pausing the consumer instead could not complete them: the records they wait for are behind
 * the paused position, so a pause would only wait for the same partial closure by the timeout.
 *
 * @param <R> what the caller wants back with a closed transaction (the Kafka message to acknowledge)
 */
public final class TransactionAssembler<R> {

    private final long timeoutNanos;
    private final long incompleteTimeoutNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final long maxHoldNanos;
    private final int maxPendingRecords;
    /** Records (receipts) held by the open transactions. */
    private int pendingRecords;
    private long closedAtCap;
    private long endsDeferredAtCap;
    private long heldTooLongCount;
    /**
     * END markers of transactions closed at the cap before any of their changes came (rows trailing
     * their END during a catch-up): when the changes come, they are a complete transaction again,
     * not a partial fragment. Kept without their per-table counts (about 100 bytes each, a tenth
     * of a held record); bounded at twice the cap, oldest forgotten first. The marker's record is
     * acknowledged with the END-only fragment, so a restart forgets them.
     */
    private final Map<String, TransactionEnd> endsClosedAtCap;
    /** Insertion order = order of first arrival, which keeps expiry a prefix scan. */
    private final Map<String, PendingTransaction<R>> pending = new LinkedHashMap<>();
    /** The open transactions that hold only their END marker, in order of arrival: the cap closes these first. */
    private final Map<String, PendingTransaction<R>> endOnly = new LinkedHashMap<>();

    /**
     * @param maxPendingRecords most records open transactions may hold; the oldest are closed as
     *        partial beyond it
     */
    public TransactionAssembler(Duration timeout, Duration incompleteTimeout, int maxPendingRecords,
            LongSupplier nanoClock) {
        this(timeout, incompleteTimeout, maxPendingRecords, nanoClock, nanoClock, null);
    }

    /**
     * @param intakeClock monotonic nanoseconds that stand still while the consumer is paused; the timeouts run on it
     * @param wallClock monotonic nanoseconds
     * @param maxHold longest wall time a transaction is held open (null: no limit); at least the longer timeout
     */
    public TransactionAssembler(Duration timeout, Duration incompleteTimeout, int maxPendingRecords,
            LongSupplier intakeClock, LongSupplier wallClock, Duration maxHold) {
        if (timeout.isNegative() || timeout.isZero() || incompleteTimeout.isNegative() || incompleteTimeout.isZero()) {
            throw new IllegalArgumentException("transaction timeouts must be positive, were " + timeout + " and " + incompleteTimeout);
        }
        if (maxPendingRecords < 1) {
            throw new IllegalArgumentException("the cap on pending records must be positive, was " + maxPendingRecords);
        }
        this.timeoutNanos = timeout.toNanos();
        this.incompleteTimeoutNanos = incompleteTimeout.toNanos();
        this.maxPendingRecords = maxPendingRecords;
        if (maxHold != null && (maxHold.compareTo(timeout) < 0 || maxHold.compareTo(incompleteTimeout) < 0)) {
            throw new IllegalArgumentException("the longest hold (" + maxHold + ") must not be shorter than the timeouts");
        }
        this.nanoClock = intakeClock;
        this.wallClock = wallClock;
        this.maxHoldNanos = maxHold == null ? Long.MAX_VALUE : maxHold.toNanos();
        int remembered = maxPendingRecords > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : maxPendingRecords * 2;
        this.endsClosedAtCap = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TransactionEnd> eldest) {
                return size() > remembered;
            }
        };
    }

    /** No cap on pending records. */
    public TransactionAssembler(Duration timeout, Duration incompleteTimeout, LongSupplier nanoClock) {
        this(timeout, incompleteTimeout, Integer.MAX_VALUE, nanoClock);
    }

    /** One timeout for both cases. */
    public TransactionAssembler(Duration timeout, LongSupplier nanoClock) {
        this(timeout, timeout, nanoClock);
    }

    public TransactionAssembler(Duration timeout, Duration incompleteTimeout) {
        this(timeout, incompleteTimeout, System::nanoTime);
    }

    public TransactionAssembler(Duration timeout) {
        this(timeout, timeout, System::nanoTime);
    }

    /**
     * Takes one message; returns the transaction it completed, if any (at most one element).
     * Snapshot rows and changes without a transaction id come straight back as their own unit.
     */
    public synchronized List<AssembledTransaction<R>> accept(ChangeMessage message, R receipt) {
        if (message instanceof CanonicalChangeEvent change && change.transactionId() == null) {
            Completion completion = isSnapshot(change) ? Completion.SNAPSHOT : Completion.SINGLE_CHANGE;
            String id = completion == Completion.SNAPSHOT ? null : singleChangeId(change);
            return List.of(new AssembledTransaction<>(id, change.source(), List.of(change), null, completion,
                    List.of(receipt)));
        }
        String id = message.transactionId();
        PendingTransaction<R> tx = pending.get(id);
        if (tx == null) {
            tx = new PendingTransaction<>(id, message.source(), nanoClock.getAsLong(), wallClock.getAsLong());
            TransactionEnd earlier = endsClosedAtCap.remove(id);
            if (earlier != null) {
                tx.endAlreadyAcknowledged(earlier);
            }
            pending.put(id, tx);
        }
        if (message instanceof CanonicalChangeEvent change) {
            tx.add(change, receipt);
            endOnly.remove(id);
        } else {
            tx.end((TransactionEnd) message, receipt);
            if (tx.endOnly()) {
                endOnly.put(id, tx);
            }
        }
        pendingRecords++;
        if (tx.complete()) {
            remove(tx);
            return List.of(tx.close(Completion.COMPLETE));
        }
        return pendingRecords > maxPendingRecords ? closeOldestOverCap() : List.of();
    }

    /**
     * Closes open transactions until their records fit under the cap again: first those that hold
     * only their END marker, in arrival order (their END is remembered, so the changes that trail it
     * still make one complete transaction), then the others in arrival order. Closing the oldest
     * first whatever it held split transactions in two when END markers ran ahead of their changes:
     * a 90-day catch-up closed 7,842 transactions that had their END and some changes, and their
     * other changes, coming later, formed fragments without END.
     */
    private List<AssembledTransaction<R>> closeOldestOverCap() {
        List<AssembledTransaction<R>> closed = new ArrayList<>();
        Iterator<PendingTransaction<R>> ends = endOnly.values().iterator();
        while (pendingRecords > maxPendingRecords && ends.hasNext()) {
            PendingTransaction<R> oldest = ends.next();
            ends.remove();
            pending.remove(oldest.id());
            closed.add(closeAtCap(oldest));
        }
        Iterator<PendingTransaction<R>> it = pending.values().iterator();
        while (pendingRecords > maxPendingRecords && it.hasNext()) {
            PendingTransaction<R> oldest = it.next();
            it.remove();
            endOnly.remove(oldest.id());
            closed.add(closeAtCap(oldest));
        }
        return closed;
    }

    private AssembledTransaction<R> closeAtCap(PendingTransaction<R> tx) {
        pendingRecords -= tx.receiptCount();
        if (tx.endOnly()) {
            endsDeferredAtCap++;
            TransactionEnd end = tx.endMarker();
            endsClosedAtCap.put(tx.id(), new TransactionEnd(end.transactionId(), end.source(), end.eventCount(), Map.of(), end.endedAt()));
        } else {
            closedAtCap++;
        }
        return tx.close(Completion.CLOSED_AT_CAP);
    }

    private void remove(PendingTransaction<R> tx) {
        pending.remove(tx.id());
        endOnly.remove(tx.id());
        pendingRecords -= tx.receiptCount();
    }

    /**
     * Closes, as partial, every transaction open for longer than its timeout on the intake clock, or
     * held for longer than the longest hold of wall time.
     */
    public synchronized List<AssembledTransaction<R>> expire() {
        long now = nanoClock.getAsLong();
        long wallNow = wallClock.getAsLong();
        long shortest = Math.min(timeoutNanos, incompleteTimeoutNanos);
        List<AssembledTransaction<R>> expired = new ArrayList<>();
        Iterator<PendingTransaction<R>> it = pending.values().iterator();
        while (it.hasNext()) {
            PendingTransaction<R> tx = it.next();
            long age = now - tx.firstSeenNanos();
            boolean heldTooLong = wallNow - tx.firstSeenWallNanos() >= maxHoldNanos;
            if (age < shortest && !heldTooLong) {
                break; // arrival order: every later transaction is younger on both clocks
            }
            if (age < (tx.hasEnd() ? incompleteTimeoutNanos : timeoutNanos) && !heldTooLong) {
                continue;
            }
            it.remove();
            endOnly.remove(tx.id());
            pendingRecords -= tx.receiptCount();
            if (heldTooLong) {
                heldTooLongCount++;
            }
            expired.add(tx.close(tx.hasEnd() ? Completion.TIMED_OUT_MISSING_CHANGES : Completion.TIMED_OUT_WITHOUT_END));
        }
        return expired;
    }

    /** Transactions closed because they were held for the longest hold of wall time (the intake was paused most of it), since start. */
    public synchronized long closedAtMaxHold() {
        return heldTooLongCount;
    }

    /** Number of transactions waiting for their END marker or for missing changes. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** Number of records held unacknowledged by open transactions. */
    public synchronized int pendingRecords() {
        return pendingRecords;
    }

    /** The cap on {@link #pendingRecords()}. */
    public int maxPendingRecords() {
        return maxPendingRecords;
    }

    /**
     * Transactions that held changes and were closed as partial because the cap was reached, since
     * start: split, their later changes make a fragment of their own.
     */
    public synchronized long closedAtCap() {
        return closedAtCap;
    }

    /**
     * Transactions that held only their END marker and were closed at the cap, since start: their
     * END is remembered and the changes that trail it still make one complete transaction, so
     * nothing is split (END markers running ahead of their changes during a catch-up).
     */
    public synchronized long endsDeferredAtCap() {
        return endsDeferredAtCap;
    }

    private static boolean isSnapshot(CanonicalChangeEvent change) {
        return change.op() == Operation.READ || (change.position() != null && change.position().snapshot());
    }

    /** A stable id for a change that came without transaction metadata: its own event id. */
    static String singleChangeId(CanonicalChangeEvent change) {
        return change.source() + ":event:" + change.eventId();
    }
}
