package io.auditoverlay.ai.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * One anomaly the simulator planted: its class, where, who, what, and when.
 *
 * @param rowIds the source rows it wrote (informational; anomalies are matched by subject and window)
 */
public record Label(String anomalyClass, String branchId, String userId, String productId, Instant windowStart,
        Instant windowEnd, List<String> rowIds) {
}
