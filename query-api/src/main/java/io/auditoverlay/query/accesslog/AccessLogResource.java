package io.auditoverlay.query.accesslog;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/access-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
public class AccessLogResource {

    private final AccessLogService service;
    private final CurrentCaller caller;
    private final QueryConfig config;

    public AccessLogResource(AccessLogService service, CurrentCaller caller, QueryConfig config) {
        this.service = service;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(summary = "Who accessed the trail, newest first (auditors only)",
            description = "Every REST call, export, MCP tool call and dashboard action: caller, role, what was asked, "
                    + "status, rows and bytes returned, duration, client address.")
    public Page<AccessLogView> list(
            @Parameter(description = "a token name") @QueryParam("actor") String actor,
            @Parameter(description = "REST, EXPORT, MCP or UI") @QueryParam("channel") String channel,
            @Parameter(description = "an HTTP status such as 403") @QueryParam("status") String status,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam PageParams page) {
        return service.list(caller.get(), new AccessLogService.Filter(actor, channel, status, from, to), page.size(config), page.cursor());
    }
}
