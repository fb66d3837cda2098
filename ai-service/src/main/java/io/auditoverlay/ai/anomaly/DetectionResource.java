package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.rest.Params;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Internal: evaluate a past window on demand (backfill, evaluation runs). */
@Path("/api/detections")
@Produces(MediaType.APPLICATION_JSON)
public class DetectionResource {

    private static final Duration MAX_WINDOW = Duration.ofDays(120);

    private final DetectionService detection;

    public DetectionResource(DetectionService detection) {
        this.detection = detection;
    }

    @POST
    @Operation(summary = "Run every detector over [from, to) (ISO-8601 instants); idempotent")
    public DetectionService.Result evaluate(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant start = Params.instant("from", from);
        Instant end = Params.instant("to", to);
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new BadRequestException("need from < to, at most " + MAX_WINDOW.toDays() + " days apart");
        }
        return detection.evaluate(start, end);
    }
}
