package io.auditoverlay.query.dashboard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web dashboard's sessions, pages and read-ahead. */
@ConfigMapping(prefix = "audit.dashboard")
public interface DashboardConfig {

    /** A session ends after this long without a request. */
    @WithDefault("30M")
    Duration idleTimeout();

    /** A session ends this long after sign-in, however active. */
    @WithDefault("8H")
    Duration maxAge();

    /** Marks the session cookie Secure (set it when the dashboard is served over HTTPS, as it should be outside a laptop). */
    @WithDefault("false")
    boolean secureCookie();

    /**
     * How often the Overview's closed-days figures are checked and read ahead (read by
     * {@link OverviewWarmer}'s schedule; declared here so that the key is validated and documented).
     */
    @WithDefault("30s")
    String overviewWarmEvery();

    /** Rows in a dashboard list page. */
    @WithDefault("50")
    int pageSize();

    /**
     * The most business events a Trace page shows (newest first); the REST API's trace
     * ({@code audit.query.trace-max-events}) and the export give more.
     */
    @WithDefault("50")
    int traceMaxEvents();

    /** The most row changes a Trace page shows. */
    @WithDefault("500")
    int traceMaxChanges();
}
