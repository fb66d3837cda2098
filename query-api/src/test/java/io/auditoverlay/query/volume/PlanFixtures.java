package io.auditoverlay.query.volume;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Ids and connection settings of the volume trail {@code plans/volume.sql} loads (md5-derived ids). */
final class PlanFixtures {

    private PlanFixtures() {
    }

    /** The load script, for {@code sales} sales over {@code days} days. */
    static String volumeSql(int sales, int days) throws IOException {
        try (InputStream in = PlanFixtures.class.getResourceAsStream("/plans/volume.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{SALES}}", String.valueOf(sales)).replace("{{DAYS}}", String.valueOf(days));
        }
    }

    static UUID uuid(String seed) {
        String hex = md5(seed);
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    static String user() {
        return env("AUDIT_DB_USER", "postgres");
    }

    static String password() {
        return env("AUDIT_DB_PASSWORD", "");
    }
}
