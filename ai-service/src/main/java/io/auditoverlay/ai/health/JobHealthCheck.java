package io.auditoverlay.ai.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Publishes {@link JobHealth} as a liveness and readiness check ({@code scheduled-jobs}). */
@Liveness
@Readiness
@ApplicationScoped
public class JobHealthCheck implements HealthCheck {

    private final JobHealth jobs;

    public JobHealthCheck(JobHealth jobs) {
        this.jobs = jobs;
    }

    @Override
    public HealthCheckResponse call() {
        return jobs.call();
    }
}
