package io.auditoverlay.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens, stored only as SHA-256 hashes. A token is an opaque random string the holder
 * sends as {@code Authorization: Bearer <token>}; the service hashes it and looks the hash up.
 * query-api and ai-service read the same tokens (and the same file, {@code AUDIT_TOKENS_FILE});
 * every service knows the metrics token.
 */
@ConfigMapping(prefix = "audit.security")
public interface SecurityConfig {

    /** Tokens by name (the name is what the audit records as the actor). */
    Map<String, Token> tokens();

    /**
     * A file of further tokens, one per line: {@code <sha256 hex> <name> <role> [branch,branch]};
     * blank lines and {@code #} comments are skipped. Read at start.
     */
    Optional<String> tokensFile();

    /**
     * The token Prometheus sends to {@code /q/metrics} ({@code AUDIT_METRICS_TOKEN} or
     * {@code AUDIT_METRICS_TOKEN_FILE}); without one, {@code /q/metrics} answers 401 to everyone.
     */
    Optional<String> metricsToken();

    interface Token {
        /** Lower-case hex SHA-256 of the token. */
        String sha256();

        /** auditor, branch-manager or ai-agent (only auditor passes ai-service's policy). */
        String role();

        /** The branches a branch-manager (or a restricted ai-agent) may see. */
        Optional<List<String>> branches();
    }
}
