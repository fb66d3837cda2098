package io.auditoverlay.query.mcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.auditoverlay.query.anomalies.AnomalyService;
import io.auditoverlay.query.anomalies.AnomalyView;
import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventResource;
import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.export.ExportFormat;
import io.auditoverlay.query.export.ExportKind;
import io.auditoverlay.query.export.ExportRequest;
import io.auditoverlay.query.export.ExportService;
import io.auditoverlay.query.summaries.SummaryService;
import io.auditoverlay.query.trace.TraceService;
import io.auditoverlay.query.trace.TraceView;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.Params;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/**
 * The MCP tools: read-only views of the trail through the same services, bounds and access
 * rules as the REST API. No tool takes SQL; every call is recorded by {@link ToolCallRecorder}.
 */
public class AuditTools {

    private final SummaryService summaries;
    private final AnomalyService anomalies;
    private final TraceService traces;
    private final BusinessEventRepository events;
    private final ExportService exports;
    private final ToolCallRecorder recorder;
    private final QueryConfig config;

    public AuditTools(SummaryService summaries, AnomalyService anomalies, TraceService traces, BusinessEventRepository events,
                      ExportService exports, ToolCallRecorder recorder, QueryConfig config) {
        this.summaries = summaries;
        this.anomalies = anomalies;
        this.traces = traces;
        this.events = events;
        this.exports = exports;
        this.recorder = recorder;
        this.config = config;
    }

    @Tool(name = "get_daily_summary", description = "The daily summary of the pharmacy chain or of one branch: "
            + "figures (sales, voids, refunds, adjustments, anomalies) and a written summary. Dates are UTC.",
            annotations = @Tool.Annotations(readOnlyHint = true, idempotentHint = true))
    public String getDailySummary(
            @ToolArg(description = "YYYY-MM-DD, 'today' or 'yesterday'") String date,
            @ToolArg(description = "a branch id; omit for the whole chain", required = false) String branch,
            McpConnection connection) {
        return recorder.call(connection, "get_daily_summary", args("date", date, "branch", branch),
                caller -> new ToolCallRecorder.Result(summaries.get(caller, date, branch), 1));
    }

    @Tool(name = "list_anomalies", description = "Anomalies detected in the trail (newest first): what looked wrong, "
            + "where, how severe, the first evidence ids (business events; evidenceCount says how many there are) and an "
            + "explanation. Bounded; use nextCursor for more.",
            annotations = @Tool.Annotations(readOnlyHint = true, idempotentHint = true))
    public String listAnomalies(
            @ToolArg(description = "OPEN, ACKNOWLEDGED, DISMISSED (comma-separated)", required = false) String status,
            @ToolArg(description = "LOW, MEDIUM, HIGH, CRITICAL (comma-separated)", required = false) String severity,
            @ToolArg(description = "a branch id", required = false) String branch,
            @ToolArg(description = "look-back such as 24h or 7d (default 7d)", required = false) String since,
            @ToolArg(description = "at most this many (capped)", required = false) Integer limit,
            @ToolArg(description = "the nextCursor of a previous answer", required = false) String cursor,
            McpConnection connection) {
        return recorder.call(connection, "list_anomalies",
                args("status", status, "severity", severity, "branch", branch, "since", since, "limit", limit, "cursor", cursor),
                caller -> {
                    Page<AnomalyView> page = anomalies.list(caller, status, severity, branch, null,
                            since == null || since.isBlank() ? "7d" : since, null, null, bound(limit), cursor);
                    return new ToolCallRecorder.Result(page, page.items().size());
                });
    }

    @Tool(name = "trace", description = "The history behind a sale, a product at a branch, a user, a transaction or an event: "
            + "business events with the row changes (and binlog positions) they were inferred from.",
            annotations = @Tool.Annotations(readOnlyHint = true, idempotentHint = true))
    public String trace(
            @ToolArg(description = "a transaction id (pos:0-1-9), an event id (UUID), or a subject type:id[@branch] "
                    + "such as sale:42, product:5@7, user:12") String ref,
            McpConnection connection) {
        return recorder.call(connection, "trace", args("ref", ref), caller -> {
            TraceView view = traces.trace(traces.parse(ref), caller, config.mcpMaxItems(), config.mcpMaxItems() * 5);
            return new ToolCallRecorder.Result(view, view.size());
        });
    }

    @Tool(name = "search_events", description = "Search business events (sale.completed, sale.voided, sale.refunded, "
            + "inventory.adjusted, product.price_changed, user.role_changed, prescription.dispensed, ...) by type, branch, "
            + "actor, subject, time range and text in their attributes. Newest first, bounded.",
            annotations = @Tool.Annotations(readOnlyHint = true, idempotentHint = true))
    public String searchEvents(
            @ToolArg(description = "text searched in the attributes (e.g. a reason such as THEFT)", required = false) String text,
            @ToolArg(description = "event type, e.g. sale.voided", required = false) String type,
            @ToolArg(description = "a branch id", required = false) String branch,
            @ToolArg(description = "the acting user's id", required = false) String actor,
            @ToolArg(description = "subject type: sale, product, user, ...", required = false) String subjectType,
            @ToolArg(description = "subject id", required = false) String subjectId,
            @ToolArg(description = "from (ISO-8601 instant or date, inclusive)", required = false) String from,
            @ToolArg(description = "to (ISO-8601 instant or date, exclusive)", required = false) String to,
            @ToolArg(description = "at most this many (capped)", required = false) Integer limit,
            @ToolArg(description = "the nextCursor of a previous answer", required = false) String cursor,
            McpConnection connection) {
        return recorder.call(connection, "search_events", args("text", text, "type", type, "branch", branch, "actor", actor,
                "subjectType", subjectType, "subjectId", subjectId, "from", from, "to", to, "limit", limit, "cursor", cursor), caller -> {
            BranchAccess.requireVisible(caller, branch);
            Page<BusinessEventView> page = events.list(BusinessEventResource.filter(type, branch, actor, subjectType, subjectId,
                    null, text, from, to), caller, bound(limit),
                    Cursor.parse(cursor));
            return new ToolCallRecorder.Result(page, page.items().size());
        });
    }

    @Tool(name = "export_events", description = "Business events of a time range as CSV or NDJSON text, in time order, "
            + "at most a bounded number of rows (the answer says if it was cut); for full exports use the REST export.",
            annotations = @Tool.Annotations(readOnlyHint = true, idempotentHint = true))
    public String exportEvents(
            @ToolArg(description = "from (ISO-8601 instant or date, inclusive)") String from,
            @ToolArg(description = "to (ISO-8601 instant or date, exclusive)") String to,
            @ToolArg(description = "csv or ndjson (default csv)", required = false) String format,
            @ToolArg(description = "a branch id", required = false) String branch,
            @ToolArg(description = "event type", required = false) String type,
            McpConnection connection) {
        return recorder.call(connection, "export_events", args("from", from, "to", to, "format", format, "branch", branch,
                "type", type), caller -> {
            BranchAccess.requireVisible(caller, branch);
            if (from == null || from.isBlank() || to == null || to.isBlank()) {
                throw ApiException.badRequest("export_events needs both from and to");
            }
            ExportFormat fmt = format == null || format.isBlank() ? ExportFormat.CSV : ExportFormat.parse(format);
            ExportRequest request = new ExportRequest(ExportKind.BUSINESS_EVENTS, fmt, Params.instant("from", from),
                    Params.instant("to", to), Params.text(branch), Params.text(type), null, null, config.mcpMaxExportRows());
            Params.range(request.from(), request.to());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows;
            long total;
            try (ExportService.Export export = exports.open(request, caller)) {
                total = export.totalRows();
                rows = export.writeTo(out);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("format", fmt.name().toLowerCase(Locale.ROOT));
            answer.put("rows", rows);
            answer.put("totalRows", total);
            answer.put("truncated", total > rows);
            answer.put("data", out.toString(StandardCharsets.UTF_8));
            return new ToolCallRecorder.Result(answer, (int) rows);
        });
    }

    private int bound(Integer limit) {
        int max = Math.min(config.mcpMaxItems(), config.maxPageSize());
        return limit == null || limit < 1 ? Math.min(config.defaultPageSize(), max) : Math.min(limit, max);
    }


    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
