package io.auditoverlay.ai.security;

import io.auditoverlay.model.security.TokenTable;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** The known tokens (the shared {@link TokenTable}), built at start: a malformed tokens file stops the service. */
@Startup
@Singleton
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);
    /** The roles of the shared tokens file; ai-service's HTTP policy lets only auditors through. */
    static final Set<String> ROLES = Set.of("auditor", "branch-manager", "ai-agent");

    private final TokenTable table;

    public TokenRegistry(SecurityConfig config) {
        Map<String, TokenTable.Configured> configured = config.tokens().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new TokenTable.Configured(e.getValue().sha256(), e.getValue().role(),
                        e.getValue().branches().orElse(List.of()))));
        this.table = TokenTable.build(configured, config.tokensFile().filter(f -> !f.isBlank()).map(Path::of), ROLES,
                Set.of("branch-manager"));
        LOG.infof("access control: %d bearer tokens configured", table.size());
    }

    public Optional<TokenTable.Entry> lookup(String token) {
        return table.lookup(token);
    }
}
