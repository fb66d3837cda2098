package io.auditoverlay.ai.anomaly;

import io.auditoverlay.ai.config.DetectionConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Evaluates the recently closed hours with every detector. Each run re-checks the last
 * {@code ai.detection.recheck}, so a late event or a missed run is covered by the next one;
 * anomaly ids are stable, so the overlap inserts nothing twice.
 */
@ApplicationScoped
public class DetectionScheduler {

    private final DetectionService detection;
    private final DetectionConfig config;

    public DetectionScheduler(DetectionService detection, DetectionConfig config) {
        this.detection = detection;
        this.config = config;
    }

    @Scheduled(every = "${ai.detection.every}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @io.micrometer.core.annotation.Timed(value = "ai.job", extraTags = {"name", "detection"})
    void evaluateRecent() {
        Instant to = Instant.now().minus(config.lag()).truncatedTo(ChronoUnit.HOURS);
        detection.evaluate(to.minus(config.recheck()), to);
    }
}
