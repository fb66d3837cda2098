package io.auditoverlay.ai.summary;

import io.auditoverlay.ai.config.OperationsConfig;
import io.auditoverlay.ai.config.SummaryConfig;
import io.auditoverlay.ai.health.JobHealth;
import io.auditoverlay.ai.reference.ReferenceDataLoader;
import io.auditoverlay.ai.schedule.Watermarks;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each branch's summary once its local clock passes {@code audit.ai.summary.local-time} (23:30 by
 * default), and the chain's in {@code audit.ai.summary.chain-zone}. Branches live in different time
 * zones, so instead of one cron per zone a frequent check asks "whose days are due and not yet
 * summarised?". Each branch has a watermark (insights.job_watermark, {@code daily-summary:<branch>}):
 * every day since it that is due is written, so a summary due at 23:30 while the service was down
 * until 00:10 is written at 00:10, and a longer outage is caught up day by day (at most
 * {@code audit.ai.operations.summary-max-catch-up-days}). Outcomes feed {@link JobHealth}.
 */
@ApplicationScoped
public class SummaryScheduler {

    static final String JOB = JobHealth.SUMMARY;
    /** Summaries written again per check, at most (a retry is refused at once while the circuit is open). */
    static final int RETRY_BATCH = 20;

    private final DailySummaryService summaries;
    private final ReferenceDataLoader reference;
    private final SummaryConfig config;
    private final OperationsConfig operations;
    private final Watermarks watermarks;
    private final JobHealth health;
    private final Clock clock;

    public SummaryScheduler(DailySummaryService summaries, ReferenceDataLoader reference, SummaryConfig config,
            OperationsConfig operations, Watermarks watermarks, JobHealth health, Clock clock) {
        this.summaries = summaries;
        this.reference = reference;
        this.config = config;
        this.operations = operations;
        this.watermarks = watermarks;
        this.health = health;
        this.clock = clock;
    }

    @Scheduled(every = "${audit.ai.summary.check-every}", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @io.micrometer.core.annotation.Timed(value = "ai.job", extraTags = {"name", "summary"})
    void writeDueSummaries() {
        try {
            RuntimeException failure = null;
            List<String> branches = new ArrayList<>(reference.current().branches().keySet());
            branches.add(SummaryFacts.CHAIN);
            for (String branch : branches) {
                try {
                    writeDue(branch);
                } catch (RuntimeException e) {
                    Log.warnf("daily summary branch=%s failed: %s", branch, e.getMessage());
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            // Summaries the model could not write (slow, failing, circuit open) get their model text now.
            summaries.retryDue(Instant.now(clock), RETRY_BATCH);
            health.succeeded(JOB);
        } catch (RuntimeException | LinkageError e) {
            health.failed(JOB, e);
        }
    }

    /** Writes the branch's due days since its watermark; returns the dates written. */
    public List<LocalDate> writeDue(String branch) {
        ZonedDateTime local = ZonedDateTime.now(clock.withZone(summaries.zoneOf(branch)));
        LocalDate lastDue = local.toLocalTime().isBefore(config.localTime()) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        String job = JOB + ":" + branch;
        LocalDate first = watermarks.get(job).map(w -> LocalDate.ofInstant(w, ZoneOffset.UTC)).orElse(lastDue);
        LocalDate oldest = lastDue.minusDays(operations.summaryMaxCatchUpDays() - 1L);
        if (first.isBefore(oldest)) {
            first = oldest;
        }
        List<LocalDate> written = new ArrayList<>();
        for (LocalDate date = first; !date.isAfter(lastDue); date = date.plusDays(1)) {
            if (summaries.find(branch, date).isEmpty()) {
                summaries.generate(branch, date);
                written.add(date);
            }
            // Watermark = the first day not yet done, as UTC midnight of that date.
            watermarks.advance(job, date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return written;
    }
}
