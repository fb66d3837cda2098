package io.auditoverlay.query.branches;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/branches")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class BranchResource {

    private final BranchRepository repository;
    private final CurrentCaller caller;

    public BranchResource(BranchRepository repository, CurrentCaller caller) {
        this.repository = repository;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The branches in the trail that this token may see")
    public List<BranchView> list() {
        return repository.list(caller.get());
    }
}
