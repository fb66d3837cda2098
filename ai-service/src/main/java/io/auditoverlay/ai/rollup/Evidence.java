package io.auditoverlay.ai.rollup;

import io.auditoverlay.ai.detect.stats.Series;
import io.auditoverlay.ai.detect.stats.Series.SeriesKey;
import io.auditoverlay.model.business.BusinessEvent;
import java.util.List;

/** The events behind one series' window: those that contributed to that very series. */
final class Evidence {

    private Evidence() {
    }

    static List<BusinessEvent> select(Series series, SeriesKey key, List<BusinessEvent> candidates, int limit) {
        return candidates.stream()
                .filter(e -> series.of(e).stream().anyMatch(c -> c.key().equals(key)))
                .limit(limit)
                .toList();
    }
}
