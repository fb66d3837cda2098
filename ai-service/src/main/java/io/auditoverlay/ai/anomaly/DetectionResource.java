package io.auditoverlay.ai.anomaly;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new BadRequestException("need from < to, at most " + MAX_WINDOW.toDays() + " days apart");
        }
        return detection.evaluate(start, end);
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("query parameter '" + name + "' is required (ISO-8601 instant)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("query parameter '" + name + "' is not an ISO-8601 instant: " + value);
        }
    }
}
