package io.auditoverlay.ai.completeness;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The completeness checks on demand, and their past runs (auditor token, like every /api path). */
@Path("/api/completeness/runs")
@Produces(MediaType.APPLICATION_JSON)
public class CompletenessResource {

    private final CompletenessService service;
    private final CompletenessRuns runs;

    public CompletenessResource(CompletenessService service, CompletenessRuns runs) {
        this.service = service;
        this.runs = runs;
    }

    @POST
    @Operation(summary = "Reconcile a source with the trail and scan its binlog now; returns the findings (source: its name in the trail,"
            + " needed when several are checked; 400 for an unknown source, 409 when off or already running)")
    public CompletenessReport run(@QueryParam("source") String source) {
        try {
            return service.run(source == null || source.isBlank() ? null : source.trim());
        } catch (IllegalArgumentException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.BAD_REQUEST);
        } catch (IllegalStateException e) {
            if (!service.enabled() || e.getMessage().contains("already under way")) {
                throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
            }
            throw e;
        }
    }

    @GET
    @Operation(summary = "The latest completeness runs, newest first: what they read at the source and what they found")
    public List<Map<String, Object>> latest(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ClientErrorException("limit must be 1..500", Response.Status.BAD_REQUEST);
        }
        return runs.latest(limit);
    }
}
