package io.auditoverlay.query.transactions;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.trace.TraceRef;
import io.auditoverlay.query.trace.TraceService;
import io.auditoverlay.query.trace.TraceView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class TransactionResource {

    private final TraceService traces;
    private final CurrentCaller caller;

    public TransactionResource(TraceService traces, CurrentCaller caller) {
        this.traces = traces;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A source transaction: its END marker, its row changes and its business events")
    public TraceView get(@PathParam("id") String id) {
        return traces.trace(new TraceRef(TraceRef.Kind.TRANSACTION, id, null, null), caller.get());
    }
}
