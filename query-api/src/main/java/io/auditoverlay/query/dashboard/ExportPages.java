package io.auditoverlay.query.dashboard;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.export.ExportFormat;
import io.auditoverlay.query.export.ExportKind;
import io.auditoverlay.query.export.ExportRequest;
import io.auditoverlay.query.export.ExportResource;
import io.auditoverlay.query.export.ExportService;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** The export form, and the download it leads to (the same streamed export as {@code /api/v1/export}). */
@Path("/ui/export")
@PermitAll
public class ExportPages {

    private final Ui ui;
    private final ExportService exports;
    private final Template form;

    public ExportPages(Ui ui, ExportService exports, @Location("dashboard/export.html") Template form) {
        this.ui = ui;
        this.exports = exports;
        this.form = form;
    }

    @GET
    public Response form() {
        return ui.render("export", s -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return form.data("from", today.minusDays(7)).data("to", today.plusDays(1));
        });
    }

    @GET
    @Path("download")
    public Response download(@QueryParam("kind") String kind, @QueryParam("format") String format, @QueryParam("from") String from,
                             @QueryParam("to") String to, @QueryParam("branch") String branch, @QueryParam("type") String type) {
        return ui.respond("export", s -> {
            BranchAccess.requireVisible(s.caller(), branch);
            if (Params.text(from) == null || Params.text(to) == null) {
                throw ApiException.badRequest("an export needs both from and to");
            }
            ExportRequest request = new ExportRequest(ExportKind.parse(kind), ExportFormat.parse(format),
                    Params.instant("from", from), Params.instant("to", to), Params.text(branch), Params.text(type),
                    null, null, 0);
            Params.range(request.from(), request.to());
            ExportService.Export export = exports.open(request, s.caller());
            StreamingOutput body = export::writeTo;
            String file = (request.kind().wire() + "-" + from.strip() + "-" + to.strip() + "." + request.format().extension())
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            return Response.ok(body, request.format().mediaType())
                    .header(ExportResource.ROW_COUNT, export.rowCount())
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .build();
        });
    }
}
