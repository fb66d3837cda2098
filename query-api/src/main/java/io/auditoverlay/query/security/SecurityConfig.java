package io.auditoverlay.query.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Bearer tokens, stored only as SHA-256 hashes. A token is an opaque random string the holder
 * sends as {@code Authorization: Bearer <token>}; the API hashes it and looks the hash up.
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

    interface Token {
        /** Lower-case hex SHA-256 of the token. */
        String sha256();

        /** auditor, branch-manager or ai-agent. */
        String role();

        /** The branches a branch-manager (or a restricted ai-agent) may see. */
        Optional<List<String>> branches();
    }
}
