package io.auditoverlay.ai.rollup;

import io.auditoverlay.ai.rest.Params;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator: rebuild the hourly rollups from business.business_event (idempotent). */
@Path("/api/rollups/backfill")
@Produces(MediaType.APPLICATION_JSON)
public class RollupResource {

    private final RollupSync sync;

    public RollupResource(RollupSync sync) {
        this.sync = sync;
    }

    @POST
    @Operation(summary = "Add every stored business event in [from, to) that the rollups lack; defaults: the whole trail")
    public RollupSync.Result backfill(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant first = sync.firstEvent();
        Instant start = Params.instant("from", from, first == null ? Instant.EPOCH : first);
        Instant end = Params.instant("to", to, Instant.now());
        if (!end.isAfter(start)) {
            throw new BadRequestException("need from < to");
        }
        return sync.syncEverything(start, end.plusNanos(1));
    }
}
