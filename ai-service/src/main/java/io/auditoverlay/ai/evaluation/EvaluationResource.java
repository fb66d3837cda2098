package io.auditoverlay.ai.evaluation;

import io.auditoverlay.ai.anomaly.AnomalyRepository;
import io.auditoverlay.ai.anomaly.DetectionService;
import io.auditoverlay.model.anomaly.Anomaly;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Internal: scores the stored anomalies against a simulator labels file (JSON lines in the body).
 * With {@code detect=true} the labelled span is evaluated first, so the scores are
 * those of the current detectors and thresholds.
 */
@Path("/api/evaluation")
public class EvaluationResource {

    private final AnomalyRepository anomalies;
    private final DetectionService detection;

    public EvaluationResource(AnomalyRepository anomalies, DetectionService detection) {
        this.anomalies = anomalies;
        this.detection = detection;
    }

    /** The report and its table. */
    public record Result(Instant from, Instant to, int labels, int anomalies, Report report, String table) {
    }

    @POST
    @Consumes({MediaType.TEXT_PLAIN, "application/x-ndjson", "application/jsonl"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Precision and recall per label class of the stored anomalies against a labels file")
    public Result evaluate(String labelsJsonl, @QueryParam("detect") @DefaultValue("true") boolean detect,
            @QueryParam("slack") @DefaultValue("PT1H") String slack) {
        List<Label> labels;
        try {
            labels = LabelReader.read(new StringReader(labelsJsonl == null ? "" : labelsJsonl));
        } catch (IOException e) {
            throw new BadRequestException("unreadable labels: " + e.getMessage());
        }
        if (labels.isEmpty()) {
            throw new BadRequestException("the labels file is empty");
        }
        Duration tolerance;
        try {
            tolerance = Duration.parse(slack);
        } catch (RuntimeException e) {
            throw new BadRequestException("slack must be an ISO-8601 duration such as PT1H");
        }
        // The span the simulator covered: a day either side so that whole local days are judged.
        Instant from = labels.stream().map(Label::windowStart).min(Comparator.naturalOrder()).orElseThrow()
                .minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
        Instant to = labels.stream().map(Label::windowEnd).max(Comparator.naturalOrder()).orElseThrow()
                .plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        if (detect) {
            detection.evaluate(from, to);
        }
        List<Anomaly> stored = anomalies.overlapping(from, to);
        Report report = new Scorer(tolerance).score(labels, stored);
        return new Result(from, to, labels.size(), stored.size(), report, report.table());
    }
}
