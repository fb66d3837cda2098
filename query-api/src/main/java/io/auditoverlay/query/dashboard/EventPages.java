package io.auditoverlay.query.dashboard;


import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.business.BusinessEventFilter;
import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventResource;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Event search with filters and paging. */
@Path("/ui/events")
@PermitAll
public class EventPages {

    private final Ui ui;
    private final BusinessEventRepository events;
    private final DashboardConfig config;
    private final Template search;

    public EventPages(Ui ui, BusinessEventRepository events, DashboardConfig config,
                      @Location("dashboard/events.html") Template search) {
        this.ui = ui;
        this.events = events;
        this.config = config;
        this.search = search;
    }

    /** The search form's fields as given. */
    public record Form(String type, String branch, String actor, String subjectType, String subject, String transaction,
                       String q, String from, String to) {
        public String query() {
            StringBuilder b = new StringBuilder();
            AnomalyPages.add(b, "type", type);
            AnomalyPages.add(b, "branch", branch);
            AnomalyPages.add(b, "actor", actor);
            AnomalyPages.add(b, "subjectType", subjectType);
            AnomalyPages.add(b, "subject", subject);
            AnomalyPages.add(b, "transaction", transaction);
            AnomalyPages.add(b, "q", q);
            AnomalyPages.add(b, "from", from);
            AnomalyPages.add(b, "to", to);
            return b.toString();
        }
    }

    @GET
    public Response events(@QueryParam("type") String type, @QueryParam("branch") String branch, @QueryParam("actor") String actor,
                           @QueryParam("subjectType") String subjectType, @QueryParam("subject") String subject,
                           @QueryParam("transaction") String transaction, @QueryParam("q") String q,
                           @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        return ui.render("events", s -> {
            BranchAccess.requireVisible(s.caller(), branch);
            Form form = new Form(Params.text(type), Params.text(branch), Params.text(actor), Params.text(subjectType), Params.text(subject), Params.text(transaction), Params.text(q), Params.text(from), Params.text(to));
            BusinessEventFilter filter = BusinessEventResource.filter(type, branch, actor, subjectType, subject, transaction, q, from, to);
            var page = events.list(filter, s.caller(), config.pageSize(), Cursor.parse(cursor));
            return search.data("page", page).data("f", form);
        });
    }

}
