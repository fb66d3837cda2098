package io.auditoverlay.model.security;

import io.auditoverlay.model.integrity.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Service tokens, known only by the SHA-256 of their value: the table every service with an API
 * (query-api, ai-service) builds at start from its configuration and from a tokens file, and looks
 * presented bearer tokens up in. Plain token values are never stored or logged.
 *
 * <p>A tokens file holds one token per line, {@code <sha256 hex> <name> <role> [branch,branch|*]};
 * blank lines and {@code #} comments are skipped.
 */
public final class TokenTable {

    /** A known token: its name (what the audit records as the actor), its role, and the branches it may see (empty: all). */
    public record Entry(String name, String role, Optional<Set<String>> branches) {
    }

    private final Map<String, Entry> byHash;

    private TokenTable(Map<String, Entry> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /**
     * @param configured tokens from configuration, by name: sha256, role, branches
     * @param file an optional tokens file
     * @param roles the roles this service knows
     * @param scopedRoles roles that must name their branches
     */
    public static TokenTable build(Map<String, Configured> configured, Optional<Path> file, Set<String> roles,
            Set<String> scopedRoles) {
        Map<String, Entry> map = new HashMap<>();
        configured.forEach((name, t) -> put(map, t.sha256(), name, t.role(), t.branches(), roles, scopedRoles));
        file.ifPresent(f -> readFile(f, map, roles, scopedRoles));
        return new TokenTable(map);
    }

    /** A token from configuration. */
    public record Configured(String sha256, String role, List<String> branches) {
    }

    public int size() {
        return byHash.size();
    }

    /** The entry a presented token stands for, if it is known. */
    public Optional<Entry> lookup(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(token.strip())));
    }

    public static String sha256(String token) {
        return Hashes.hex(Hashes.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static void readFile(Path file, Map<String, Entry> map, Set<String> roles, Set<String> scopedRoles) {
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
            put(map, parts[0], parts[1], parts[2], branches, roles, scopedRoles);
        }
    }

    private static void put(Map<String, Entry> map, String hash, String name, String role, List<String> branches,
            Set<String> roles, Set<String> scopedRoles) {
        String normalised = hash.strip().toLowerCase(Locale.ROOT);
        if (!normalised.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("token " + name + ": sha256 must be 64 hex digits");
        }
        if (!roles.contains(role)) {
            throw new IllegalArgumentException("token " + name + ": unknown role " + role + ", expected one of " + roles);
        }
        if (scopedRoles.contains(role) && branches.isEmpty()) {
            throw new IllegalArgumentException("token " + name + ": a " + role + " token needs its branches");
        }
        Optional<Set<String>> scope = branches.isEmpty() ? Optional.empty()
                : Optional.of(Set.copyOf(new LinkedHashSet<>(branches.stream().map(String::strip).toList())));
        map.put(normalised, new Entry(name, role, scope));
    }
}
