package io.auditoverlay.query.anomalies;

import java.time.Instant;

/** One recorded change of an anomaly's status: who, to what, when, and why. */
public record StatusChange(long id, String status, String actor, String note, Instant changedAt) {
}
