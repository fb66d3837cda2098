package io.auditoverlay.ai.llm;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/** Model answers by prompt hash in insights.llm_cache, so a repeat within the TTL (even after a restart) costs no call. */
@ApplicationScoped
public class LlmCache {

    private final AgroalDataSource dataSource;

    public LlmCache(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static String hash(String model, String system, String prompt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((model + "\n\u0000" + system + "\n\u0000" + prompt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> get(String hash, Duration ttl) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT response FROM insights.llm_cache WHERE prompt_hash = ? AND created_at > now() - make_interval(secs => ?)")) {
            ps.setString(1, hash);
            ps.setDouble(2, ttl.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read llm_cache: " + e.getMessage(), e);
        }
    }

    public void put(String hash, String model, String response) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO insights.llm_cache (prompt_hash, model, response, created_at) VALUES (?, ?, ?, now())
                ON CONFLICT (prompt_hash) DO UPDATE SET model = EXCLUDED.model, response = EXCLUDED.response, created_at = now()
                """)) {
            ps.setString(1, hash);
            ps.setString(2, model);
            ps.setString(3, response);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write llm_cache: " + e.getMessage(), e);
        }
    }
}
