package io.auditoverlay.query.dashboard;

import io.auditoverlay.query.accesslog.AccessLogService;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Who accessed the trail: auditors only, as {@code /api/v1/access-log}. */
@Path("/ui/access-log")
@PermitAll
public class AccessLogPage {

    private final Ui ui;
    private final AccessLogService service;
    private final DashboardConfig config;
    private final Template page;

    public AccessLogPage(Ui ui, AccessLogService service, DashboardConfig config, @Location("dashboard/access-log.html") Template page) {
        this.ui = ui;
        this.service = service;
        this.config = config;
        this.page = page;
    }

    /** The filters as given. */
    public record Form(String actor, String channel, String status, String from, String to) {
        public String query() {
            StringBuilder b = new StringBuilder();
            AnomalyPages.add(b, "actor", actor);
            AnomalyPages.add(b, "channel", channel);
            AnomalyPages.add(b, "status", status);
            AnomalyPages.add(b, "from", from);
            AnomalyPages.add(b, "to", to);
            return b.toString();
        }
    }

    @GET
    public Response list(@QueryParam("actor") String actor, @QueryParam("channel") String channel, @QueryParam("status") String status,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        return ui.render("access-log", s -> {
            Form f = new Form(Params.text(actor), Params.text(channel), Params.text(status), Params.text(from), Params.text(to));
            var result = service.list(s.caller(), new AccessLogService.Filter(actor, channel, status, from, to), config.pageSize(), cursor);
            return page.data("page", result).data("f", f).data("channels", List.of("REST", "EXPORT", "MCP", "UI"));
        });
    }
}
