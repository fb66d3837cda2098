package io.auditoverlay.model.anomaly;

/** How urgently a person should look at an anomaly. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
