package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The other services' tables this one reads (never writes). */
@ConfigMapping(prefix = "audit.ai.source")
public interface SourceConfig {

    /** inference-service's business events. */
    @WithDefault("business.business_event")
    String businessEventTable();

    /** normalizer-service's canonical change log (branch hours and product schedules/costs come from it). */
    @WithDefault("changes.change_event")
    String changeEventTable();

    /** How long branch and product facts are cached before the change log is read again. */
    @WithDefault("PT5M")
    Duration referenceRefresh();
}
