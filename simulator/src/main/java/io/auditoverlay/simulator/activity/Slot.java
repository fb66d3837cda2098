package io.auditoverlay.simulator.activity;

import io.auditoverlay.simulator.action.PosAction;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Something that will happen at a branch at a given time, turned into a {@link PosAction} only
 * when the generator reaches that time, so that it sees the stock as it then is.
 *
 * @param seq generation order, the tie-breaker that keeps equal timestamps deterministic
 * @param make builds the action (or returns null when there is nothing to do after all)
 */
public record Slot(Instant at, long seq, Function<BranchActivity, PosAction> make) {

    public static final Comparator<Slot> ORDER = Comparator.comparing(Slot::at).thenComparingLong(Slot::seq);
}
