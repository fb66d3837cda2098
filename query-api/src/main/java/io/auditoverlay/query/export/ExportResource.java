package io.auditoverlay.query.export;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The unbounded export: for people (auditors, branch managers). An ai-agent token gets 403: an
 * assistant reads through the MCP tools and the paged endpoints, whose answers are capped.
 */
@Path("/api/v1/export")
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER})
public class ExportResource {

    /** The number of rows that follow, counted in the same snapshot as the rows. */
    public static final String ROW_COUNT = "X-Audit-Row-Count";

    private final ExportService service;
    private final CurrentCaller caller;

    public ExportResource(ExportService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Stream a time range of the trail as CSV or NDJSON",
            description = "Rows in time order, streamed from a server-side cursor; the X-Audit-Row-Count header announces how many.")
    public Response export(
            @Parameter(description = "business-events (default) or changes") @QueryParam("kind") String kind,
            @Parameter(description = "csv or ndjson (default)") @QueryParam("format") String format,
            @Parameter(required = true) @QueryParam("from") String from,
            @Parameter(required = true) @QueryParam("to") String to,
            @QueryParam("branch") String branch,
            @Parameter(description = "business event type") @QueryParam("type") String type,
            @Parameter(description = "source table (changes only)") @QueryParam("table") String table) {
        Caller who = caller.get();
        BranchAccess.requireVisible(who, branch);
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw ApiException.badRequest("an export needs both from and to");
        }
        ExportRequest request = new ExportRequest(ExportKind.parse(kind), ExportFormat.parse(format),
                Params.instant("from", from), Params.instant("to", to), Params.text(branch), Params.text(type), Params.text(table), null, 0);
        Params.range(request.from(), request.to());
        ExportService.Export export = service.open(request, who);
        StreamingOutput body = export::writeTo;
        String file = request.kind().wire() + "-" + from.strip() + "-" + to.strip() + "." + request.format().extension();
        return Response.ok(body, request.format().mediaType())
                .header(ROW_COUNT, export.rowCount())
                .header("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .build();
    }

}
