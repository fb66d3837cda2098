package io.auditoverlay.ai.health;

import io.auditoverlay.ai.config.OperationsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The scheduled jobs' outcomes, read by {@link JobHealthCheck}: a job that failed {@code audit.ai.operations.max-consecutive-failures}
 * times in a row (the database gone, a class that no longer loads after an OutOfMemoryError) turns
 * liveness and readiness DOWN, so that Kubernetes (or an operator) restarts the service instead of
 * it looking healthy while doing nothing. One success clears the count.
 *
 * <p>Each run is counted as {@code ai_job_runs_total{name, outcome="ok"|"failed"}} and the current
 * streak as {@code ai_job_consecutive_failures{name}}, both present at zero from startup: the jobs
 * catch their own exceptions (so that the scheduler keeps them), which the timer's {@code exception}
 * tag never sees; the {@code AiJobFailing} alert reads these instead.
 */
@Startup
@ApplicationScoped
public class JobHealth {

    public static final String DETECTION = "detection";
    public static final String SUMMARY = "daily-summary";
    public static final String EXPLANATION = "explanation";
    static final List<String> JOBS = List.of(DETECTION, SUMMARY, EXPLANATION);

    private record Outcome(int failures, String at, String error) {
    }

    private final Map<String, Outcome> jobs = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Clock clock;

    private final MeterRegistry registry;

    @Inject
    public JobHealth(OperationsConfig config, Clock clock, MeterRegistry registry) {
        this.maxFailures = config.maxConsecutiveFailures();
        this.clock = clock;
        this.registry = registry;
        for (String job : JOBS) {
            runs(job, "ok");
            runs(job, "failed");
            Gauge.builder("ai.job.consecutive.failures", this, h -> h.failures(job)).tag("name", job)
                    .description("Failed runs of a scheduled job since its last success").register(registry);
        }
    }

    /** Without metrics (unit tests). */
    public JobHealth(OperationsConfig config, Clock clock) {
        this(config, clock, new SimpleMeterRegistry());
    }

    private Counter runs(String job, String outcome) {
        return Counter.builder("ai.job.runs").tag("name", job).tag("outcome", outcome)
                .description("Runs of a scheduled job by outcome").register(registry);
    }

    public void succeeded(String job) {
        jobs.put(job, new Outcome(0, clock.instant().toString(), null));
        runs(job, "ok").increment();
    }

    public void failed(String job, Throwable error) {
        jobs.merge(job, new Outcome(1, clock.instant().toString(), String.valueOf(error)),
                (old, now) -> new Outcome(old.failures() + 1, now.at(), now.error()));
        runs(job, "failed").increment();
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
