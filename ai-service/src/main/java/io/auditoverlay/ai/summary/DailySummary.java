package io.auditoverlay.ai.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** A stored daily summary. */
public record DailySummary(String branchId, LocalDate date, Map<String, Object> facts, String text, String writtenBy,
        Instant generatedAt) {
}
