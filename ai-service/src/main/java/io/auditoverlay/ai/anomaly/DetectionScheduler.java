package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.config.OperationsConfig;
import io.auditoverlay.ai.health.JobHealth;
import io.auditoverlay.ai.schedule.CatchUp;
import io.auditoverlay.ai.schedule.Watermarks;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Evaluates the closed hours with every detector. Each run covers everything since the last hour
 * it completed (the {@value #JOB} watermark in insights.job_watermark), so the hours missed while
 * the service was down are evaluated after a restart, a day at a time; it also re-checks the last
 * {@code audit.ai.detection.recheck} for late events (anomaly ids are stable, so the overlap inserts
 * nothing twice). Outcomes feed {@link JobHealth}.
 */
@ApplicationScoped
public class DetectionScheduler {

    static final String JOB = JobHealth.DETECTION;

    private final DetectionService detection;
    private final DetectionConfig config;
    private final OperationsConfig operations;
    private final Watermarks watermarks;
    private final JobHealth health;
    private final Clock clock;

    public DetectionScheduler(DetectionService detection, DetectionConfig config, OperationsConfig operations,
            Watermarks watermarks, JobHealth health, Clock clock) {
        this.detection = detection;
        this.config = config;
        this.operations = operations;
        this.watermarks = watermarks;
        this.health = health;
        this.clock = clock;
    }

    @Scheduled(every = "${audit.ai.detection.every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @io.micrometer.core.annotation.Timed(value = "ai.job", extraTags = {"name", "detection"})
    void evaluateRecent() {
        try {
            evaluateDue();
            health.succeeded(JOB);
        } catch (RuntimeException | LinkageError e) {
            health.failed(JOB, e);
            Log.errorf(e, "scheduled detection failed (%d in a row)", health.failures(JOB));
        }
    }

    /** Evaluates every closed hour since the watermark; returns the windows evaluated. */
    public List<CatchUp.Window> evaluateDue() {
        Instant to = clock.instant().minus(config.lag()).truncatedTo(ChronoUnit.HOURS);
        List<CatchUp.Window> windows = CatchUp.windows(watermarks.get(JOB).orElse(null), to, config.recheck(),
                operations.detectionMaxCatchUp(), operations.detectionCatchUpStep());
        if (windows.size() > 1) {
            Log.infof("detection catching up %s .. %s in %d windows", windows.get(0).from(), to, windows.size());
        }
        for (CatchUp.Window w : windows) {
            detection.evaluate(w.from(), w.to());
            watermarks.advance(JOB, w.to());
        }
        return windows;
    }
}
