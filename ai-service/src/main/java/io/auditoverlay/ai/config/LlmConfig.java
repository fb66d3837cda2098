package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How model-written texts are produced (docs/llm.md). */
@ConfigMapping(prefix = "audit.ai.llm")
public interface LlmConfig {

    /** false: never call a model; every text is the template. */
    @WithDefault("true")
    boolean enabled();

    /** The same prompt within this time reuses the stored answer (also after a restart). */
    @WithDefault("PT24H")
    Duration cacheTtl();

    /** How often anomalies without an explanation are explained ({@code off} disables it). */
    @WithDefault("1m")
    String explainEvery();

    /**
     * A text the model could not write (unreachable, timed out, open circuit) keeps its template and
     * is written again this long after, until the model answers.
     */
    @WithDefault("PT10M")
    Duration retryAfter();

    /** Texts of anomalies detected, or days summarised, longer ago than this are no longer retried. */
    @WithDefault("P7D")
    Duration retryFor();

    /** Anomalies explained per run (and as many retried). */
    @WithDefault("20")
    int explainBatch();

    /** Evidence events put into one explanation prompt. */
    @WithDefault("20")
    int maxEvidence();

    /** Free-text fields are cut to this length in prompts. */
    @WithDefault("160")
    int maxTextLength();

    /**
     * Attribute names that never reach a prompt, whatever their value (personal data of the
     * reference schema's masked columns and their usual aliases; compared without case,
     * underscores or dashes, so {@code customerId} is {@code customer_id}). Values containing the
     * masking marker are dropped too, under any name.
     */
    @WithDefault("full_name,customer_name,phone,national_id,birth_date,email,customer,customer_id,username")
    List<String> excludedAttributes();

    /** Attributes holding free text typed by a person: quoted as data, and their numbers never ground a claim. */
    @WithDefault("reason,void_reason,note,comment,description")
    List<String> freeTextAttributes();
}
