package io.auditoverlay.ai.health;

import io.auditoverlay.ai.config.OperationsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The scheduled jobs' outcomes, read by {@link JobHealthCheck}: a job that failed {@code ai.operations.max-consecutive-failures}
 * times in a row (the database gone, a class that no longer loads after an OutOfMemoryError) turns
 * liveness and readiness DOWN, so that Kubernetes (or an operator) restarts the service instead of
 * it looking healthy while doing nothing. One success clears the count.
 */
@ApplicationScoped
public class JobHealth {

    private record Outcome(int failures, String at, String error) {
    }

    private final Map<String, Outcome> jobs = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Clock clock;

    public JobHealth(OperationsConfig config, Clock clock) {
        this.maxFailures = config.maxConsecutiveFailures();
        this.clock = clock;
    }

    public void succeeded(String job) {
        jobs.put(job, new Outcome(0, clock.instant().toString(), null));
    }

    public void failed(String job, Throwable error) {
        jobs.merge(job, new Outcome(1, clock.instant().toString(), String.valueOf(error)),
                (old, now) -> new Outcome(old.failures() + 1, now.at(), now.error()));
    }

    /** Consecutive failures of a job (0 when it last succeeded or never ran). */
    public int failures(String job) {
        Outcome o = jobs.get(job);
        return o == null ? 0 : o.failures();
    }

    /** The {@code scheduled-jobs} check: DOWN while any job has failed too often in a row. */
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("scheduled-jobs").up();
        new TreeMap<>(jobs).forEach((job, o) -> {
            if (o.failures() >= maxFailures) {
                b.down();
            }
            b.withData(job, o.failures() == 0 ? "ok at " + o.at() : o.failures() + " consecutive failures, last at " + o.at() + ": " + o.error());
        });
        return b.build();
    }
}
