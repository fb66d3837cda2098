package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The hourly rollups the statistical detectors read (docs/anomalies.md, "Rollups"). */
@ConfigMapping(prefix = "audit.ai.rollup")
public interface RollupConfig {

    /** At start, roll up the stored business events in the background if the rollups are empty. */
    @WithDefault("true")
    boolean backfillOnStart();

    /** Before each detection run, add to the rollups what the consumer has not counted yet. */
    @WithDefault("true")
    boolean syncBeforeDetection();
}
