package io.auditoverlay.query.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.auditoverlay.query.anomalies.AnomalyService;
import io.auditoverlay.query.anomalies.AnomalyService.AnomalyDetail;
import io.auditoverlay.query.anomalies.AnomalyView;
import io.auditoverlay.query.anomalies.StatusRequest;
import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.dashboard.Sessions.Session;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The anomaly list with its filters, one anomaly with its evidence and history, and triage. */
@Path("/ui/anomalies")
@PermitAll
public class AnomalyPages {

    static final int MAX_EVIDENCE = 50;

    private final Ui ui;
    private final AnomalyService anomalies;
    private final BusinessEventRepository events;
    private final DashboardConfig config;
    private final Template list;
    private final Template detail;

    public AnomalyPages(Ui ui, AnomalyService anomalies, BusinessEventRepository events, DashboardConfig config,
                        @Location("dashboard/anomalies.html") Template list, @Location("dashboard/anomaly.html") Template detail) {
        this.ui = ui;
        this.anomalies = anomalies;
        this.events = events;
        this.config = config;
        this.list = list;
        this.detail = detail;
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("severity") String severity,
                         @QueryParam("branch") String branch, @QueryParam("detector") String detector,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        return ui.render("anomalies", s -> {
            Page<AnomalyView> page = anomalies.list(s.caller(), status, severity, branch, detector, null, from, to,
                    config.pageSize(), cursor);
            return list.data("page", page)
                    .data("f", new Filters(Params.text(status), Params.text(severity), Params.text(branch), Params.text(detector), Params.text(from), Params.text(to)))
                    .data("statuses", List.of("OPEN", "ACKNOWLEDGED", "DISMISSED"))
                    .data("severities", OverviewPage.SEVERITIES);
        });
    }

    /** The list's filters as given, to fill the form and the next-page link. */
    public record Filters(String status, String severity, String branch, String detector, String from, String to) {
        public String query() {
            StringBuilder q = new StringBuilder();
            add(q, "status", status);
            add(q, "severity", severity);
            add(q, "branch", branch);
            add(q, "detector", detector);
            add(q, "from", from);
            add(q, "to", to);
            return q.toString();
        }
    }

    @GET
    @Path("{id}")
    public Response detail(@PathParam("id") String id, @QueryParam("done") String done) {
        return ui.render("anomalies", s -> detailPage(s, id, done));
    }

    @POST
    @Path("{id}/status")
    public Response changeStatus(@PathParam("id") String id, @FormParam("status") String status, @FormParam("note") String note,
                                 @FormParam("csrf") String csrf) {
        return ui.respond("anomalies", s -> {
            ui.checkForm(s, csrf);
            if (note == null || note.isBlank()) {
                throw ApiException.badRequest("write a note saying why before you " + verb(status));
            }
            anomalies.changeStatus(s.caller(), id, new StatusRequest(status, note), Clock.systemUTC());
            return Ui.seeOther("/ui/anomalies/" + id + "?done=" + URLEncoder.encode(String.valueOf(status),
                    StandardCharsets.UTF_8));
        });
    }

    private TemplateInstance detailPage(Session s, String id, String done) {
        AnomalyDetail d = anomalies.get(s.caller(), id);
        List<BusinessEventView> evidence = d.anomaly().evidence() == null ? List.of() : d.anomaly().evidence().stream()
                .limit(MAX_EVIDENCE).map(events::byId).flatMap(Optional::stream)
                .filter(e -> s.caller().sees(e.branchId())).filter(Objects::nonNull).toList();
        return detail.data("a", d.anomaly()).data("history", d.statusHistory()).data("evidence", evidence)
                .data("moreEvidence", d.anomaly().evidence() != null && d.anomaly().evidence().size() > MAX_EVIDENCE)
                .data("mayTriage", s.caller().mayTriage()).data("done", Params.text(done));
    }

    private static String verb(String status) {
        return "DISMISSED".equals(status) ? "dismiss it" : "OPEN".equals(status) ? "reopen it" : "acknowledge it";
    }


    static void add(StringBuilder q, String name, String value) {
        if (value != null && !value.isBlank()) {
            q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
