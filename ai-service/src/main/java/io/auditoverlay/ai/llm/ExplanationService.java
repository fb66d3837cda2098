package io.auditoverlay.ai.llm;

import io.auditoverlay.ai.anomaly.AnomalyRepository;
import io.auditoverlay.ai.config.LlmConfig;
import io.auditoverlay.ai.events.BusinessEventRepository;
import io.auditoverlay.ai.health.JobHealth;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import io.micrometer.core.annotation.Timed;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Model-written explanations of anomalies, from the anomaly and its evidence events. The detector's
 * own deterministic explanation stays in {@code explanation}; this fills {@code llm_explanation}
 * and {@code explained_by} (the model, or {@code template} with the deterministic text).
 */
@ApplicationScoped
public class ExplanationService {

    static final String TASK = "In two or three sentences, tell a loss-prevention analyst what this anomaly is and "
            + "which evidence events show it. Quote numbers only as they appear in the data.";

    private final AnomalyRepository anomalies;
    private final BusinessEventRepository events;
    private final Narrator narrator;
    private final LlmConfig config;

    private final JobHealth health;

    public ExplanationService(AnomalyRepository anomalies, BusinessEventRepository events, Narrator narrator, LlmConfig config,
            JobHealth health) {
        this.health = health;
        this.anomalies = anomalies;
        this.events = events;
        this.narrator = narrator;
        this.config = config;
    }

    @Scheduled(every = "${audit.ai.llm.explain-every}", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Timed(value = "ai.job", extraTags = {"name", "explanation"})
    void explainPending() {
        try {
            anomalies.unexplained(config.explainBatch()).forEach(this::explain);
            retryDue(Instant.now());
            health.succeeded(JobHealth.EXPLANATION);
        } catch (RuntimeException | LinkageError e) {
            health.failed(JobHealth.EXPLANATION, e);
            Log.errorf(e, "explaining anomalies failed (%d in a row)", health.failures(JobHealth.EXPLANATION));
        }
    }

    public Narration explain(Anomaly anomaly) {
        Narration narration = narrator.narrate(Narrator.EXPLANATION, TASK, facts(anomaly), anomaly.explanation());
        anomalies.storeExplanation(anomaly.id(), narration.text(), narration.writtenBy(),
                narrator.retryAt(narration, anomaly.detectedAt()).orElse(null));
        return narration;
    }

    /**
     * Explains again the anomalies whose text is the template because the model was unavailable
     * (slow, failing, its circuit open) and whose retry time has come; returns how many the model
     * wrote this time. While the circuit is open a retry costs nothing: it is refused at once and
     * tried again {@code audit.ai.llm.retry-after} later.
     */
    int retryDue(Instant now) {
        List<Anomaly> due = anomalies.retryDue(now, config.explainBatch());
        int written = 0;
        for (Anomaly anomaly : due) {
            if (explain(anomaly).byModel()) {
                written++;
            }
        }
        if (!due.isEmpty()) {
            Log.infof("explanations retried=%d written_by_model=%d", due.size(), written);
        }
        return written;
    }

    Map<String, Object> facts(Anomaly anomaly) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("detector", anomaly.detector());
        facts.put("severity", anomaly.severity().name());
        facts.put("score", Math.round(anomaly.score() * 10) / 10.0);
        facts.put("branch", anomaly.branchId());
        facts.put("subject_type", anomaly.subjectType());
        facts.put("subject_id", anomaly.subjectId());
        facts.put("window_start", String.valueOf(anomaly.windowStart()));
        facts.put("window_end", String.valueOf(anomaly.windowEnd()));
        facts.put("detector_explanation", anomaly.explanation());
        List<Map<String, Object>> evidence = new ArrayList<>();
        List<UUID> ids = anomaly.evidence().subList(0, Math.min(config.maxEvidence(), anomaly.evidence().size()));
        for (BusinessEvent e : events.byIds(ids)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", e.type());
            item.put("occurred_at", e.occurredAt().toString());
            item.put("branch", e.branchId());
            item.put("actor_user", e.actorUserId());
            item.put("subject", e.subjectType() + " " + e.subjectId());
            item.put("attributes", e.attributes());
            evidence.add(item);
        }
        facts.put("evidence_count", anomaly.evidence().size());
        facts.put("evidence", evidence);
        return facts;
    }
}
