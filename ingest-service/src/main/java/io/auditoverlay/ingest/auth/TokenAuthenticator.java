package io.auditoverlay.ingest.auth;

import io.auditoverlay.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a presented token to its branch. Only SHA-256 digests are configured: tokens are long
 * random secrets, so a plain digest suffices and the configuration never holds a usable credential.
 */
@ApplicationScoped
public class TokenAuthenticator {

    private final List<Entry> entries;

    public TokenAuthenticator(IngestConfig config) {
        this.entries = config.branches().entrySet().stream()
                .map(e -> new Entry(HexFormat.of().parseHex(e.getValue().tokenSha256().trim().toLowerCase()),
                        new Branch(e.getKey(), e.getValue().topicPrefix(), e.getValue().branchId())))
                .toList();
    }

    /** The branch whose token this is, if any. Compares every digest in constant time. */
    public Optional<Branch> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(token);
        Branch found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry.branch();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private record Entry(byte[] digest, Branch branch) {
    }
}
