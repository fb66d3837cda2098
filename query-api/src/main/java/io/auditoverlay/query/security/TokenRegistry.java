package io.auditoverlay.query.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * The known tokens, by the hash of their value. Plain token values are never stored or logged.
 * Built at start, so that a malformed tokens file stops the service instead of the first request.
 */
@Startup
@Singleton
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);

    private final Map<String, Caller> byHash;

    public TokenRegistry(SecurityConfig config) {
        Map<String, Caller> map = new HashMap<>();
        config.tokens().forEach((name, token) -> put(map, token.sha256(), name, token.role(), token.branches().orElse(List.of())));
        config.tokensFile().filter(f -> !f.isBlank()).map(Path::of).ifPresent(file -> readFile(file, map));
        this.byHash = Map.copyOf(map);
        LOG.infof("access control: %d bearer tokens configured", byHash.size());
    }

    /** The caller a presented token stands for, if it is known. */
    public Optional<Caller> lookup(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(token.strip())));
    }

    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void readFile(Path file, Map<String, Caller> map) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 3 || parts.length > 4) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '<sha256> <name> <role> [branches]'");
            }
            List<String> branches = parts.length == 4 && !"*".equals(parts[3]) ? Arrays.asList(parts[3].split(",")) : List.of();
            put(map, parts[0], parts[1], parts[2], branches);
        }
    }

    private static void put(Map<String, Caller> map, String hash, String name, String role, List<String> branches) {
        String normalised = hash.strip().toLowerCase(Locale.ROOT);
        if (!normalised.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("token " + name + ": sha256 must be 64 hex digits");
        }
        if (!Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("token " + name + ": unknown role " + role + ", expected one of " + Roles.ALL);
        }
        if (Roles.BRANCH_MANAGER.equals(role) && branches.isEmpty()) {
            throw new IllegalArgumentException("token " + name + ": a branch-manager token needs its branches");
        }
        Optional<Set<String>> scope = branches.isEmpty() ? Optional.empty()
                : Optional.of(Set.copyOf(new LinkedHashSet<>(branches.stream().map(String::strip).toList())));
        map.put(normalised, new Caller(name, role, scope));
    }
}
