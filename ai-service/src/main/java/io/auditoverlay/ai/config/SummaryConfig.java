package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.LocalTime;

/** When daily summaries are written. */
@ConfigMapping(prefix = "audit.ai.summary")
public interface SummaryConfig {

    /** How often the job looks for branches whose local day has reached {@link #localTime()} ({@code off} disables it). */
    @WithDefault("5m")
    String checkEvery();

    /** Local time in each branch's time zone after which that day's summary is written. */
    @WithDefault("23:30")
    LocalTime localTime();

    /** Time zone of the chain-wide summary (branch id {@code *}). */
    @WithDefault("UTC")
    String chainZone();

    /** Anomalies listed in a summary. */
    @WithDefault("5")
    int topAnomalies();
}
