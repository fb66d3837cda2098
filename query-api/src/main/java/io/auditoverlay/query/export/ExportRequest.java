package io.auditoverlay.query.export;

import java.time.Instant;

/**
 * What to export.
 *
 * @param maxRows 0 for no bound (REST); MCP tools set one
 */
public record ExportRequest(ExportKind kind, ExportFormat format, Instant from, Instant to, String branch, String type,
                            String table, String text, long maxRows) {
}
