package io.auditoverlay.inference.assembly;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.TransactionEnd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An open transaction: the distinct changes seen so far, its END marker once it came. */
final class PendingTransaction<R> {

    /** Transaction order first; binlog position breaks ties (and orders changes without one). */
    static final Comparator<CanonicalChangeEvent> ORDER = Comparator
            .comparing(CanonicalChangeEvent::transactionOrder, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.position() == null ? null : e.position().pos(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.position() == null ? null : e.position().row(),
                    Comparator.nullsLast(Comparator.naturalOrder()));

    private final String id;
    private String source;
    private final long firstSeenNanos;
    private final long firstSeenWallNanos;
    private final Map<UUID, CanonicalChangeEvent> changes = new LinkedHashMap<>();
    private final List<R> receipts = new ArrayList<>();
    private TransactionEnd end;

    /**
     * @param firstSeenNanos the intake clock when its first message came
     * @param firstSeenWallNanos the wall clock then
     */
    PendingTransaction(String id, String source, long firstSeenNanos, long firstSeenWallNanos) {
        this.id = id;
        this.source = source;
        this.firstSeenNanos = firstSeenNanos;
        this.firstSeenWallNanos = firstSeenWallNanos;
    }

    void add(CanonicalChangeEvent change, R receipt) {
        changes.putIfAbsent(change.eventId(), change);
        if (source == null) {
            source = change.source();
        }
        receipts.add(receipt);
    }

    void end(TransactionEnd marker, R receipt) {
        if (end == null) {
            end = marker;
        }
        if (source == null) {
            source = marker.source();
        }
        receipts.add(receipt);
    }

    /**
     * The END marker of an earlier fragment closed at the cap with no changes: its record is
     * acknowledged already, so it takes no receipt here.
     */
    void endAlreadyAcknowledged(TransactionEnd marker) {
        end = marker;
    }

    /** Only its END marker arrived. */
    boolean endOnly() {
        return end != null && changes.isEmpty();
    }

    TransactionEnd endMarker() {
        return end;
    }

    boolean complete() {
        return end != null && changes.size() >= end.eventCount();
    }

    boolean hasEnd() {
        return end != null;
    }

    String id() {
        return id;
    }

    long firstSeenNanos() {
        return firstSeenNanos;
    }

    long firstSeenWallNanos() {
        return firstSeenWallNanos;
    }

    int receiptCount() {
        return receipts.size();
    }

    AssembledTransaction<R> close(Completion completion) {
        List<CanonicalChangeEvent> ordered = new ArrayList<>(changes.values());
        ordered.sort(ORDER);
        return new AssembledTransaction<>(id, source, Collections.unmodifiableList(ordered), end, completion,
                Collections.unmodifiableList(new ArrayList<>(receipts)));
    }
}
