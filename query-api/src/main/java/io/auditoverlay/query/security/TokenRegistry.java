package io.auditoverlay.query.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.auditoverlay.model.security.TokenTable;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * The known tokens, by the hash of their value (the shared {@link TokenTable}). Built at start, so
 * that a malformed tokens file stops the service instead of the first request.
 */
@Startup
@Singleton
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);

    private final TokenTable table;

    public TokenRegistry(SecurityConfig config) {
        Map<String, TokenTable.Configured> configured = config.tokens().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new TokenTable.Configured(e.getValue().sha256(), e.getValue().role(),
                        e.getValue().branches().orElse(List.of()))));
        this.table = TokenTable.build(configured, config.tokensFile().filter(f -> !f.isBlank()).map(Path::of), Roles.ALL,
                Set.of(Roles.BRANCH_MANAGER));
        LOG.infof("access control: %d bearer tokens configured", table.size());
    }

    /** The caller a presented token stands for, if it is known. */
    public Optional<Caller> lookup(String token) {
        return table.lookup(token).map(e -> new Caller(e.name(), e.role(), e.branches()));
    }

    public static String sha256(String token) {
        return TokenTable.sha256(token);
    }
}
