package io.auditoverlay.ai.detect.stats;

import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.rollup.Cell;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Where the statistical detectors read their series: the hourly rollups in PostgreSQL
 * ({@code SqlSeriesSource}), or the same rollups computed from events in memory (tests, benchmarks).
 * A detector holds one branch's series of one family at a time, so memory does not grow with
 * the number of branches or the length of the history.
 */
public interface SeriesSource {

    /** Each branch that has this series, and the first hour it has. */
    Map<String, Instant> firstSeen(Series series);

    /**
     * One branch's series of a family, in local buckets of {@code bucketHours} aligned to local
     * midnight, for the buckets starting in [from, to): series → bucket start → cell.
     */
    Map<SeriesKey, NavigableMap<Instant, Cell>> load(Series series, String branchId, ZoneId zone, int bucketHours,
            Instant from, Instant to);

    /** The events that made up one series over [from, to), oldest first, at most {@code limit}. */
    List<BusinessEvent> evidence(Series series, SeriesKey key, Instant from, Instant to, int limit);
}
