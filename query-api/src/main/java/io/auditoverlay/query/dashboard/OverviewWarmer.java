package io.auditoverlay.query.dashboard;

import java.time.Instant;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the Overview's closed-days figures read ahead of the page views: shortly after the start,
 * after each UTC midnight and whenever they are older than {@link OverviewQueries#CLOSED_TTL}.
 */
@ApplicationScoped
public class OverviewWarmer {

    private final OverviewQueries queries;

    public OverviewWarmer(OverviewQueries queries) {
        this.queries = queries;
    }

    @Scheduled(every = "${audit.dashboard.overview-warm-every:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void warm() {
        try {
            queries.warm(Instant.now());
        } catch (RuntimeException e) {
            // The page reads them itself then; the database being away shows in readiness already.
            Log.warnf("the Overview's figures could not be read ahead: %s", e.getMessage());
        }
    }
}
