package io.auditoverlay.ai.rollup;

import io.auditoverlay.ai.detect.stats.Series;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.ai.detect.stats.SeriesSource;
import io.auditoverlay.ai.detect.stats.StatisticalDetector;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The hourly rollups of events held in memory, computed as {@link Rollups} computes them for the
 * database: for tests, benchmarks and evaluations over a synthetic history.
 */
public final class MemorySeriesSource implements SeriesSource {

    private final List<BusinessEvent> events;
    /** series|branch → its rows. */
    private final Map<String, List<Map.Entry<RollupKey, Cell>>> rows = new HashMap<>();

    public MemorySeriesSource(Collection<BusinessEvent> events) {
        this.events = events.stream().filter(e -> e.occurredAt() != null)
                .sorted(Comparator.comparing(BusinessEvent::occurredAt)).toList();
        Rollups.of(this.events).entrySet().forEach(r ->
                rows.computeIfAbsent(r.getKey().series() + "|" + r.getKey().branchId(), k -> new ArrayList<>()).add(r));
    }

    @Override
    public Map<String, Instant> firstSeen(Series series) {
        Map<String, Instant> first = new TreeMap<>();
        rows.forEach((k, list) -> {
            if (k.startsWith(series.name() + "|")) {
                // rows are in key order: series, branch, hour first
                first.put(list.get(0).getKey().branchId(), list.get(0).getKey().hour());
            }
        });
        return first;
    }

    @Override
    public Map<SeriesKey, NavigableMap<Instant, Cell>> load(Series series, String branchId, ZoneId zone, int bucketHours,
            Instant from, Instant to) {
        Map<SeriesKey, NavigableMap<Instant, Cell>> loaded = new HashMap<>();
        for (Map.Entry<RollupKey, Cell> r : rows.getOrDefault(series.name() + "|" + branchId, List.of())) {
            RollupKey k = r.getKey();
            if (k.hour().isBefore(from) || !k.hour().isBefore(to)) {
                continue;
            }
            loaded.computeIfAbsent(new SeriesKey(k.branchId(), k.subjectId(), k.label()), s -> new TreeMap<>())
                    .computeIfAbsent(StatisticalDetector.bucketOf(k.hour(), zone, bucketHours), b -> new Cell()).merge(r.getValue());
        }
        return loaded;
    }

    @Override
    public List<BusinessEvent> evidence(Series series, SeriesKey key, Instant from, Instant to, int limit) {
        return Evidence.select(series, key, events.stream()
                .filter(e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)).toList(), limit);
    }
}
