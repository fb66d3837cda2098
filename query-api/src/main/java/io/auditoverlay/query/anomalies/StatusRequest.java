package io.auditoverlay.query.anomalies;

/**
 * The body of {@code PATCH /api/v1/anomalies/{id}}.
 *
 * @param status ACKNOWLEDGED or DISMISSED (or OPEN to reopen)
 * @param note why; required to dismiss
 */
public record StatusRequest(String status, String note) {
}
