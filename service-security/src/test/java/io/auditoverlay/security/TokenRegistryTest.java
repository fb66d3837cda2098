package io.auditoverlay.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.security.TokenTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenRegistryTest {

    record Token(String sha256, String role, Optional<List<String>> branches) implements SecurityConfig.Token {
    }

    static SecurityConfig config(Map<String, SecurityConfig.Token> tokens, String file) {
        return config(tokens, file, null);
    }

    static SecurityConfig config(Map<String, SecurityConfig.Token> tokens, String file, String metricsToken) {
        return new SecurityConfig() {
            @Override
            public Map<String, Token> tokens() {
                return tokens;
            }

            @Override
            public Optional<String> tokensFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Optional<String> metricsToken() {
                return Optional.ofNullable(metricsToken);
            }
        };
    }

    @Test
    void looksUpByHashFromConfigAndFile() throws Exception {
        Path file = Files.createTempFile("tokens", ".txt");
        Files.writeString(file, "# comment\n\n" + TokenRegistry.sha256("manager-secret") + " maria branch-manager 7,9\n"
                + TokenRegistry.sha256("agent-secret") + " bot ai-agent *\n");
        TokenRegistry registry = new TokenRegistry(config(
                Map.of("alice", new Token(TokenRegistry.sha256("alice-secret").toUpperCase(), "auditor", Optional.empty())),
                file.toString()));
        assertEquals(new TokenTable.Entry("alice", "auditor", Optional.empty()), registry.lookup("alice-secret").orElseThrow());
        TokenTable.Entry maria = registry.lookup(" manager-secret ").orElseThrow();
        assertEquals(Optional.of(Set.of("7", "9")), maria.branches());
        assertEquals(Roles.BRANCH_MANAGER, maria.role());
        assertEquals(Optional.empty(), registry.lookup("agent-secret").orElseThrow().branches(), "* is every branch");
        assertTrue(registry.lookup("alice-secre").isEmpty());
        assertTrue(registry.lookup("").isEmpty());
    }

    @Test
    void knowsTheMetricsTokenOnlyWhenOneIsSet() {
        TokenRegistry registry = new TokenRegistry(config(Map.of(), null, "scrape-secret"));
        assertTrue(registry.isMetricsToken("scrape-secret"));
        assertFalse(registry.isMetricsToken("scrape-secre"));
        assertFalse(registry.isMetricsToken(""));
        assertTrue(registry.lookup("scrape-secret").isEmpty(), "the metrics token is no API token");
        TokenRegistry none = new TokenRegistry(config(Map.of(), null, " "));
        assertFalse(none.isMetricsToken(""), "no metrics token: nobody reads /q/metrics");
        assertFalse(none.isMetricsToken(" "));
    }

    @Test
    void refusesBadEntries() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new TokenRegistry(config(
                Map.of("x", new Token("abc", "auditor", Optional.empty())), null)));
        assertThrows(IllegalArgumentException.class, () -> new TokenRegistry(config(
                Map.of("x", new Token(TokenRegistry.sha256("t"), "admin", Optional.empty())), null)));
        assertThrows(IllegalArgumentException.class, () -> new TokenRegistry(config(
                Map.of("x", new Token(TokenRegistry.sha256("t"), "branch-manager", Optional.empty())), null)));
        Path file = Files.createTempFile("tokens", ".txt");
        Files.writeString(file, "onlyonefield\n");
        assertThrows(IllegalArgumentException.class, () -> new TokenRegistry(config(Map.of(), file.toString())));
    }
}
