package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Health and catch-up of the scheduled jobs (docs/anomalies.md, "Operations"). */
@ConfigMapping(prefix = "audit.ai.operations")
public interface OperationsConfig {

    /** Consecutive failures of one scheduled job (detection, summaries) after which health is DOWN. */
    @WithDefault("3")
    int maxConsecutiveFailures();

    /** How often the readiness probes (database, Ollama) run in the background; readiness answers from their last result. */
    @WithDefault("PT5S")
    Duration probeEvery();

    /** A probe whose last success is older than this makes its check DOWN (a probe that hangs counts as failing). */
    @WithDefault("PT20S")
    Duration probeStale();

    /** The longest outage scheduled detection catches up after a restart (older hours are left to POST /api/detections). */
    @WithDefault("P35D")
    Duration detectionMaxCatchUp();

    /** Catch-up detection runs in windows of this length, remembering each one done. */
    @WithDefault("P1D")
    Duration detectionCatchUpStep();

    /** The most past days whose missing summaries are written after a restart. */
    @WithDefault("35")
    int summaryMaxCatchUpDays();
}
