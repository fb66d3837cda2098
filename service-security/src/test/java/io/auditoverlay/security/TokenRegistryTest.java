package io.auditoverlay.query.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new SecurityConfig() {
            @Override
            public Map<String, Token> tokens() {
                return tokens;
            }

            @Override
            public Optional<String> tokensFile() {
                return Optional.ofNullable(file);
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
        assertEquals(new Caller("alice", "auditor", Optional.empty()), registry.lookup("alice-secret").orElseThrow());
        Caller maria = registry.lookup(" manager-secret ").orElseThrow();
        assertEquals(Optional.of(Set.of("7", "9")), maria.branches());
        assertTrue(maria.sees("7"));
        assertFalse(maria.sees("8"));
        assertFalse(maria.sees(null), "chain-wide rows are not a branch manager's");
        assertTrue(registry.lookup("agent-secret").orElseThrow().sees("8"));
        assertTrue(registry.lookup("alice-secre").isEmpty());
        assertTrue(registry.lookup("").isEmpty());
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
