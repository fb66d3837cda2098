package io.auditoverlay.ai.llm;

import io.auditoverlay.ai.anomaly.AnomalyRepository;
import io.auditoverlay.model.anomaly.Anomaly;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Internal: explain one anomaly again now (after the model came back, for instance). */
@Path("/api/anomalies/{id}/explanation")
@Produces(MediaType.APPLICATION_JSON)
public class ExplanationResource {

    private final AnomalyRepository anomalies;
    private final ExplanationService explanations;

    public ExplanationResource(AnomalyRepository anomalies, ExplanationService explanations) {
        this.anomalies = anomalies;
        this.explanations = explanations;
    }

    @POST
    @Operation(summary = "Write the anomaly's explanation with the model (or the template) and store it")
    public Narration explain(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not an anomaly id: " + id);
        }
        Anomaly anomaly = anomalies.find(uuid);
        if (anomaly == null) {
            throw new NotFoundException("no anomaly " + id);
        }
        return explanations.explain(anomaly);
    }
}
