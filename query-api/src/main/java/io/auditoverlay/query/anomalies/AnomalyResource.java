package io.auditoverlay.query.anomalies;

import java.time.Clock;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.anomalies.AnomalyService.AnomalyDetail;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/anomalies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER, Roles.AI_AGENT})
public class AnomalyResource {

    private final AnomalyService service;
    private final CurrentCaller caller;
    private final QueryConfig config;

    public AnomalyResource(AnomalyService service, CurrentCaller caller, QueryConfig config) {
        this.service = service;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(summary = "Anomalies, newest first",
            description = "Each with the first evidence ids (audit.query.list-evidence, 10) and evidenceCount; "
                    + "GET /api/v1/anomalies/{id} has all of them.")
    public Page<AnomalyView> list(
            @Parameter(description = "OPEN, ACKNOWLEDGED, DISMISSED; comma-separated") @QueryParam("status") String status,
            @Parameter(description = "LOW, MEDIUM, HIGH, CRITICAL; comma-separated") @QueryParam("severity") String severity,
            @QueryParam("branch") String branch,
            @QueryParam("detector") String detector,
            @Parameter(description = "look-back such as 7d, 24h, or an instant") @QueryParam("since") String since,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam PageParams page) {
        return service.list(caller.get(), status, severity, branch, detector, since, from, to, page.size(config), page.cursor());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One anomaly with all its evidence ids and its status history")
    public AnomalyDetail get(@PathParam("id") String id) {
        return service.get(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({Roles.AUDITOR, Roles.BRANCH_MANAGER})
    @Operation(summary = "Acknowledge, dismiss or reopen an anomaly",
            description = "The actor is the token's name; the change is recorded in insights.anomaly_status_change.")
    public AnomalyDetail patch(@PathParam("id") String id, StatusRequest request) {
        return service.changeStatus(caller.get(), id, request, Clock.systemUTC());
    }
}
