package io.auditoverlay.query.dashboard;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready once the Overview's closed days have been read ahead once (or the attempt failed, and the
 * page reads them itself): so that the first page view after a restart does not wait for the
 * seven-day aggregation. Answers from a flag, never from the database.
 */
@Readiness
@ApplicationScoped
public class OverviewReadiness implements HealthCheck {

    private final OverviewQueries queries;

    public OverviewReadiness(OverviewQueries queries) {
        this.queries = queries;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("overview-read-ahead").status(queries.warmedOnce()).build();
    }
}
