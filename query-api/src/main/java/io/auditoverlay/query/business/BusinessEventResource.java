package io.auditoverlay.query.business;


import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.PageParams;
import io.auditoverlay.query.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/business-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class BusinessEventResource {

    /** The shortest q searched without a narrowing filter (a trigram). */
    static final int MIN_SEARCH = 3;

    private final BusinessEventRepository repository;
    private final CurrentCaller caller;
    private final QueryConfig config;

    public BusinessEventResource(BusinessEventRepository repository, CurrentCaller caller, QueryConfig config) {
        this.repository = repository;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(summary = "Business events, newest first")
    public Page<BusinessEventView> list(
            @Parameter(description = "e.g. sale.completed, inventory.adjusted") @QueryParam("type") String type,
            @QueryParam("branch") String branch,
            @Parameter(description = "the acting user's id") @QueryParam("actor") String actor,
            @Parameter(description = "sale, product, user, ...") @QueryParam("subjectType") String subjectType,
            @QueryParam("subject") String subject,
            @QueryParam("transaction") String transaction,
            @Parameter(description = "text searched in the attributes, case-insensitively; where its words are words of the trail, events holding them whole, else events with a word beginning with its longest word (at least 3 characters unless actor, subject or transaction is given)") @QueryParam("q") String q,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam PageParams page) {
        Caller who = caller.get();
        BranchAccess.requireVisible(who, branch);
        BusinessEventFilter filter = filter(type, branch, actor, subjectType, subject, transaction, q, from, to);
        return repository.list(filter, who, page.size(config), page.position());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One business event")
    public BusinessEventView get(@PathParam("id") String id) {
        Caller who = caller.get();
        return repository.byId(Params.uuid("id", id)).filter(e -> who.sees(e.branchId()))
                .orElseThrow(() -> ApiException.notFound("no business event " + Params.clip(id)));
    }

    /** Builds and checks a filter from request parameters (shared with the MCP tools). */
    public static BusinessEventFilter filter(String type, String branch, String actor, String subjectType, String subject,
                                             String transaction, String q, String from, String to) {
        if (q != null && q.length() > 200) {
            throw ApiException.badRequest("q is limited to 200 characters");
        }
        if (Params.text(q) != null && Params.text(q).length() < MIN_SEARCH && Params.text(actor) == null && Params.text(subject) == null
                && Params.text(transaction) == null) {
            // The trigram index cannot look up fewer than three characters: such a search would read the whole table.
            throw ApiException.badRequest("q needs at least " + MIN_SEARCH + " characters, or an actor, subject or transaction filter");
        }
        BusinessEventFilter filter = new BusinessEventFilter(Params.text(type), Params.text(branch), Params.text(actor), Params.text(subjectType),
                Params.text(subject), Params.text(transaction), Params.text(q), Params.instant("from", from), Params.instant("to", to));
        Params.range(filter.from(), filter.to());
        return filter;
    }


}
