package io.auditoverlay.query.anomalies;

import java.time.Instant;
import java.util.List;

/** Filters of the anomaly list; null or empty means "any". */
public record AnomalyFilter(List<String> statuses, List<String> severities, String branch, String detector,
                            Instant from, Instant to) {
}
