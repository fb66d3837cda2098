package io.auditoverlay.security;

import java.util.Set;

/** The roles a token can carry (docs/security.md, docs/query-api.md "Access control"). */
public final class Roles {

    /** Reads everything, changes anomaly status. */
    public static final String AUDITOR = "auditor";
    /** Reads and triages only the branches listed on the token; other branches answer 404. */
    public static final String BRANCH_MANAGER = "branch-manager";
    /** What the MCP tools need: reads, never writes. */
    public static final String AI_AGENT = "ai-agent";
    /** Prometheus: {@code /q/metrics} of every service, nothing else (the metrics token, not a tokens-file role). */
    public static final String METRICS = "metrics";

    /** The roles of the tokens file and of {@code audit.security.tokens.*}. */
    public static final Set<String> ALL = Set.of(AUDITOR, BRANCH_MANAGER, AI_AGENT);

    private Roles() {
    }
}
