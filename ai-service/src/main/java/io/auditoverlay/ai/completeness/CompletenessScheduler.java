package io.auditoverlay.ai.completeness;

import io.auditoverlay.ai.health.JobHealth;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Runs the completeness checks of every source, one after the other, every {@code audit.ai.completeness.every}; outcomes feed {@link JobHealth}. */
@ApplicationScoped
public class CompletenessScheduler {

    static final String JOB = "completeness";

    private final CompletenessService service;
    private final JobHealth health;

    public CompletenessScheduler(CompletenessService service, JobHealth health) {
        this.service = service;
        this.health = health;
    }

    @Scheduled(every = "${audit.ai.completeness.every}", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    void check() {
        RuntimeException failed = null;
        for (String source : service.sourceNames()) {
            try {
                CompletenessReport r = service.run(source);
                Log.infof("completeness of %s: %d tables, %d chunks, %d source rows, %d binlog events in %s; %d finding(s), %d new",
                        source, r.tables(), r.chunks(), r.sourceRows(), r.binlogEvents(),
                        Duration.between(r.startedAt(), r.finishedAt()), r.findings().size(), r.newAnomalies().size());
            } catch (RuntimeException e) {
                // One source down (a branch offline) must not keep the others from being checked.
                failed = e;
                Log.errorf("completeness run of %s failed: %s", source, e.getMessage());
            }
        }
        if (failed == null) {
            health.succeeded(JOB);
        } else {
            health.failed(JOB, failed);
            Log.errorf("completeness: a run failed (%d scheduled passes in a row)", health.failures(JOB));
        }
    }

    /** No source configured: nothing to check. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        private final CompletenessService service;

        public Disabled(CompletenessService service) {
            this.service = service;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !service.enabled();
        }
    }
}
