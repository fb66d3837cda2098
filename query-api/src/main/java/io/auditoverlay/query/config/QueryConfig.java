package io.auditoverlay.query.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and mappings of the read side. */
@ConfigMapping(prefix = "audit.query")
public interface QueryConfig {

    /** Items in a page when the request names no {@code limit}. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page a request may get; a larger {@code limit} is capped to it. */
    @WithDefault("500")
    int maxPageSize();

    /** Rows the export asks PostgreSQL for at a time (the server-side cursor's fetch size). */
    @WithDefault("1000")
    int exportFetchSize();

    /** The most business events one trace returns (newest first). */
    @WithDefault("200")
    int traceMaxEvents();

    /** The most row changes one trace returns. */
    @WithDefault("2000")
    int traceMaxChanges();

    /**
     * Events a text search ({@code q}) first reads newest-first and matches, then ten times as many,
     * before it asks the trigram index: a common text fills its page among them, a rare one is found
     * by the index.
     */
    @WithDefault("2000")
    int searchRecentRows();

    /**
     * Evidence ids an anomaly carries in a list (REST, MCP), the first ones; {@code evidenceCount}
     * says how many it has, and the anomaly itself ({@code GET /api/v1/anomalies/{id}}) carries
     * them all. A statistical anomaly cites up to 200 events: a page of 50 with all of them was
     * 200 KB and its JSON most of the list's cost at 200 requests a second.
     */
    @WithDefault("10")
    int listEvidence();

    /** The most rows an MCP tool returns in one answer (assistants get bounded results). */
    @WithDefault("100")
    int mcpMaxItems();

    /** The most rows the {@code export_events} MCP tool returns. */
    @WithDefault("1000")
    int mcpMaxExportRows();

    /**
     * Source tables of subject types, for a trace of a subject's own row changes, e.g.
     * {@code audit.query.subject-tables.sale=sales}. Added to (and overriding) the reference
     * schema's mapping in {@link io.auditoverlay.query.trace.SubjectTables}.
     */
    Map<String, String> subjectTables();
}
