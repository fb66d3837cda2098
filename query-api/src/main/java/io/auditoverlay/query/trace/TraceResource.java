package io.auditoverlay.query.trace;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/trace")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class TraceResource {

    private final TraceService service;
    private final CurrentCaller caller;

    public TraceResource(TraceService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The history of a subject, transaction or event",
            description = "From business events down to the row changes and their binlog positions.")
    public TraceView trace(@Parameter(description = "a transaction id (pos:0-1-9), an event id (UUID), or a subject "
            + "type:id[@branch] such as sale:42, product:5@7, user:12", required = true) @QueryParam("ref") String ref) {
        return service.trace(ref, caller.get());
    }
}
