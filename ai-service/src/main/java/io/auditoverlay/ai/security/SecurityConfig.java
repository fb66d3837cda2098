package io.auditoverlay.ai.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens, stored only as SHA-256 hashes, in the same form (and the same tokens file,
 * {@code AUDIT_TOKENS_FILE}) as query-api's. ai-service's {@code /api/*} answers auditor tokens only.
 */
@ConfigMapping(prefix = "audit.security")
public interface SecurityConfig {

    /** Tokens by name. */
    Map<String, Token> tokens();

    /** A file of further tokens: {@code <sha256 hex> <name> <role> [branch,branch]} per line. */
    Optional<String> tokensFile();

    interface Token {
        /** Lower-case hex SHA-256 of the token. */
        String sha256();

        /** auditor, branch-manager or ai-agent (only auditor passes ai-service's policy). */
        String role();

        Optional<List<String>> branches();
    }
}
