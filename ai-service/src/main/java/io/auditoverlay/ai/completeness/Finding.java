package io.auditoverlay.ai.completeness;

/**
 * What a completeness check found, before it becomes an anomaly.
 *
 * @param detector {@code capture.gap}, {@code capture.gtid-hole}, {@code capture.binlog-purged},
 *                 {@code capture.ddl} or {@code capture.truncate}
 * @param subject the table ({@code db.table}) or the source domain it concerns
 * @param identity what makes it the same finding when a later run sees it again
 * @param text the explanation (keys, GTIDs and column names; never values)
 */
public record Finding(String detector, String subjectType, String subject, String identity, String text) {
}
