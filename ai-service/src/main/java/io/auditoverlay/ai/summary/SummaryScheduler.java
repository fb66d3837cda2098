package io.auditoverlay.ai.summary;

import io.auditoverlay.ai.config.SummaryConfig;
import io.auditoverlay.ai.reference.ReferenceDataLoader;
import io.auditoverlay.ai.reference.StaticReferenceData;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each branch's summary once its local clock passes {@code ai.summary.local-time} (23:30 by
 * default), and the chain's in {@code ai.summary.chain-zone}. Branches live in different time
 * zones, so instead of one cron per zone a frequent check asks "whose day is due and not yet
 * summarised?"; a restart or a missed run is caught up by the next check.
 */
@ApplicationScoped
public class SummaryScheduler {

    private final DailySummaryService summaries;
    private final ReferenceDataLoader reference;
    private final SummaryConfig config;

    public SummaryScheduler(DailySummaryService summaries, ReferenceDataLoader reference, SummaryConfig config) {
        this.summaries = summaries;
        this.reference = reference;
        this.config = config;
    }

    @Scheduled(every = "${ai.summary.check-every}", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @io.micrometer.core.annotation.Timed(value = "ai.job", extraTags = {"name", "summary"})
    void writeDueSummaries() {
        StaticReferenceData ref = reference.current();
        List<String> branches = new ArrayList<>(ref.branches().keySet());
        branches.add(SummaryFacts.CHAIN);
        for (String branch : branches) {
            ZonedDateTime local = ZonedDateTime.now(summaries.zoneOf(branch));
            LocalDate date = local.toLocalDate();
            if (!local.toLocalTime().isBefore(config.localTime()) && summaries.find(branch, date).isEmpty()) {
                try {
                    summaries.generate(branch, date);
                } catch (RuntimeException e) {
                    Log.warnf("daily summary branch=%s date=%s failed: %s", branch, date, e.getMessage());
                }
            }
        }
    }
}
