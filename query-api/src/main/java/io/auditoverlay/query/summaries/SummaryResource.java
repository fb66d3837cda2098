package io.auditoverlay.query.summaries;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/summaries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class SummaryResource {

    private final SummaryService service;
    private final CurrentCaller caller;

    public SummaryResource(SummaryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("{date}")
    @Operation(summary = "The daily summary of a branch, or of the whole chain")
    public SummaryView get(@Parameter(description = "YYYY-MM-DD, today or yesterday (UTC)") @PathParam("date") String date,
                           @Parameter(description = "a branch id; absent for the whole chain") @QueryParam("branch") String branch) {
        return service.get(caller.get(), date, branch);
    }
}
