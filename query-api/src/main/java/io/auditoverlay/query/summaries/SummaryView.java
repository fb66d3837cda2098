package io.auditoverlay.query.summaries;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A daily summary as ai-service wrote it.
 *
 * @param branchId a branch, or {@code *} for the whole chain
 * @param facts the computed figures the text was written from
 * @param writtenBy the model, or the template fallback
 */
public record SummaryView(String branchId, LocalDate date, @JsonRawValue String facts, String text, String writtenBy,
                          Instant generatedAt) {
}
