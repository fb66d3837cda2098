package io.auditoverlay.query.changes;

import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.PageParams;
import io.auditoverlay.query.web.Params;
import io.auditoverlay.query.branches.BranchAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class ChangeResource {

    static final Set<String> OPS = Set.of("CREATE", "UPDATE", "DELETE", "READ", "TRUNCATE");

    private final ChangeRepository repository;
    private final CurrentCaller caller;
    private final QueryConfig config;

    public ChangeResource(ChangeRepository repository, CurrentCaller caller, QueryConfig config) {
        this.repository = repository;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(summary = "Row changes, newest first", description = "Canonical row changes captured from the source binlog.")
    public Page<ChangeView> list(
            @QueryParam("table") String table,
            @Parameter(description = "CREATE, UPDATE, DELETE, READ (snapshot), TRUNCATE or DDL") @QueryParam("op") String op,
            @QueryParam("branch") String branch,
            @Parameter(description = "column=value[,column=value] or a JSON object") @QueryParam("pk") String pk,
            @QueryParam("transaction") String transaction,
            @Parameter(description = "ISO-8601 instant or date, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant or date, exclusive") @QueryParam("to") String to,
            @BeanParam PageParams page) {
        Caller who = caller.get();
        BranchAccess.requireVisible(who, branch);
        ChangeFilter filter = new ChangeFilter(Params.text(table), Params.oneOf("op", op, OPS), Params.text(branch),
                PrimaryKeys.parse("pk", pk), Params.text(transaction), Params.instant("from", from), Params.instant("to", to));
        Params.range(filter.from(), filter.to());
        return repository.list(filter, who, page.size(config), page.position());
    }

}
