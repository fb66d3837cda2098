package io.auditoverlay.inference.health;

import io.auditoverlay.inference.processing.InferencePipeline;
import io.auditoverlay.inference.processing.InferenceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the writer runs and has not been failing for longer than a minute (PostgreSQL or
 * the broker refusing batches: records then stay unacknowledged and pile up).
 */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {

    static final Duration FAILING_LIMIT = Duration.ofMinutes(1);

    private final InferenceService service;

    public PipelineReadiness(InferenceService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        InferencePipeline<?> pipeline = service.pipeline();
        Duration failing = pipeline.failingFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("inference-pipeline")
                .status(pipeline.running() && failing.compareTo(FAILING_LIMIT) < 0)
                .withData("rules", service.rules().origin())
                .withData("openTransactions", service.pendingTransactions())
                .withData("closedWaitingForWriter", service.backlog())
                .withData("failingForSeconds", failing.toSeconds());
        if (!failing.isZero() && pipeline.lastFailure() != null) {
            response.withData("lastFailure", pipeline.lastFailure());
        }
        return response.build();
    }
}
