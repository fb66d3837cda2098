package io.auditoverlay.query.integrity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.query.security.CurrentCaller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The hash chains and their daily seals (docs/integrity.md); auditors only. */
@Path("/api/v1/integrity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AUDITOR)
public class ChainResource {

    private final ChainService service;
    private final CurrentCaller caller;

    public ChainResource(ChainService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/chain")
    @Operation(summary = "Recompute the hash chains of the links stored in a range and name the first broken link",
            description = "Default range: the last 24 hours. Also compares the stored seals of the days wholly inside the range.")
    public ChainCheck chain(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null || to.isBlank() ? Instant.now() : Params.instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : Params.instant("from", from);
        Params.range(start, end);
        return service.check(start, end);
    }

    @POST
    @Path("/seals")
    @Operation(summary = "Seal a finished UTC day (verified first; stored once) and return its seals, one per table and source")
    public List<DailySeal> seal(@QueryParam("day") String day) {
        LocalDate d = Params.date("day", day == null || day.isBlank() ? "yesterday" : day, Instant.now());
        return service.seal(d, caller.get().name());
    }

    @GET
    @Path("/seals")
    @Operation(summary = "The stored daily seals of a range of UTC days (default: the last 7)")
    public List<DailySeal> seals(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = to == null || to.isBlank() ? today.plusDays(1) : Params.date("to", to, Instant.now());
        LocalDate start = from == null || from.isBlank() ? end.minusDays(7) : Params.date("from", from, Instant.now());
        return service.stored(start, end);
    }
}
