package io.auditoverlay.ai.rollup;

import io.auditoverlay.ai.detect.stats.Series;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/** What a set of business events adds to the hourly rollups: the one definition both stores and tests use. */
public final class Rollups {

    private Rollups() {
    }

    /** Each touched rollup row and the sums these events add to it, in primary-key order. */
    public static TreeMap<RollupKey, Cell> of(Iterable<BusinessEvent> events) {
        TreeMap<RollupKey, Cell> cells = new TreeMap<>();
        for (BusinessEvent e : events) {
            add(cells, e);
        }
        return cells;
    }

    /** Adds one event's contributions to {@code cells}. */
    public static void add(Map<RollupKey, Cell> cells, BusinessEvent e) {
        if (e.occurredAt() == null) {
            return;
        }
        Instant hour = e.occurredAt().truncatedTo(ChronoUnit.HOURS);
        for (Series series : Series.ALL) {
            for (Series.Contribution c : series.of(e)) {
                cells.computeIfAbsent(new RollupKey(series.name(), c.key().branchId(), c.key().subjectId(), c.key().label(), hour),
                        k -> new Cell()).add(c.value());
            }
        }
    }
}
