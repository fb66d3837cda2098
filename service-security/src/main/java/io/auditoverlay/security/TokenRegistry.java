package io.auditoverlay.security;

import io.auditoverlay.model.integrity.Hashes;
import io.auditoverlay.model.security.TokenTable;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The known tokens, by the hash of their value (the shared {@link TokenTable}), and the metrics
 * token. Built at start, so that a malformed tokens file stops the service instead of the first request.
 */
@Startup
@Singleton
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);

    private final TokenTable table;
    private final Optional<byte[]> metricsHash;

    public TokenRegistry(SecurityConfig config) {
        Map<String, TokenTable.Configured> configured = config.tokens().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new TokenTable.Configured(e.getValue().sha256(), e.getValue().role(),
                        e.getValue().branches().orElse(List.of()))));
        this.table = TokenTable.build(configured, config.tokensFile().filter(f -> !f.isBlank()).map(Path::of), Roles.ALL,
                Set.of(Roles.BRANCH_MANAGER));
        this.metricsHash = config.metricsToken().filter(t -> !t.isBlank()).map(TokenRegistry::digest);
        LOG.infof("access control: %d bearer tokens configured; metrics token %s", table.size(),
                metricsHash.isPresent() ? "set" : "not set (/q/metrics answers 401)");
    }

    /** The token a presented value stands for, if it is known. */
    public Optional<TokenTable.Entry> lookup(String token) {
        return table.lookup(token);
    }

    /** Whether a presented value is the metrics token (compared in constant time, as hashes). */
    public boolean isMetricsToken(String token) {
        return metricsHash.map(h -> MessageDigest.isEqual(h, digest(token))).orElse(false);
    }

    public static String sha256(String token) {
        return TokenTable.sha256(token);
    }

    private static byte[] digest(String token) {
        return Hashes.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
