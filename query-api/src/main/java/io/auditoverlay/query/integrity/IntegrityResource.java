package io.auditoverlay.query.integrity;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Chain-wide completeness of the trail; auditors only (it spans every branch). */
@Path("/api/v1/integrity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
public class IntegrityResource {

    private static final Duration MAX_RANGE = Duration.ofDays(31);

    private final IntegrityService service;

    public IntegrityResource(IntegrityService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Check that every source transaction's END count matches the stored row changes",
            description = "Default range: the last 24 hours up to one minute ago (transactions still in flight are left out).")
    public IntegrityReport check(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null || to.isBlank() ? Instant.now().minusSeconds(60) : Params.instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : Params.instant("from", from);
        Params.range(start, end);
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiException.badRequest("check at most 31 days at a time");
        }
        return service.check(start, end);
    }
}
