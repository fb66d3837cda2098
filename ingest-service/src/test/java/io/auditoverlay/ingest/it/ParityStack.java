package io.auditoverlay.ingest.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starts a private Kafka for the parity test before ingest-service, and configures ingest-service
 * with it and with one branch whose token and topic prefix are fresh for this run.
 *
 * <p>Environment: {@code IT_KAFKA_LIBS} (Kafka jars, default the local stack's cache),
 * {@code IT_KAFKA_PORT} (19192; the controller takes the next port).
 */
public class ParityStack implements QuarkusTestResourceLifecycleManager {

    static final String BRANCH = "parity";
    static final String PREFIX = "posit" + UUID.randomUUID().toString().substring(0, 6);
    static final String TOKEN = UUID.randomUUID() + "-" + UUID.randomUUID();
    static final Path WORK = Path.of("target", "it-parity").toAbsolutePath();

    static ThrowawayKafka kafka;

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public Map<String, String> start() {
        try {
            deleteRecursively(WORK);
            int port = Integer.parseInt(env("IT_KAFKA_PORT", "19192"));
            Path libs = Path.of(env("IT_KAFKA_LIBS", System.getProperty("user.home") + "/.cache/audit-overlay/kafka-4.3.1/libs"));
            if (!Files.isDirectory(libs)) {
                throw new IllegalStateException("No Kafka jars at " + libs + ": run ./overlay infra once or set IT_KAFKA_LIBS");
            }
            kafka = new ThrowawayKafka(libs, WORK.resolve("kafka"), port, port + 1);
            kafka.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrap(),
                "audit.ingest.branches." + BRANCH + ".token-sha256", sha256(TOKEN),
                "audit.ingest.branches." + BRANCH + ".topic-prefix", PREFIX,
                "audit.ingest.tombstones-after-delete", "false");
    }

    @Override
    public void stop() {
        try {
            if (kafka != null) {
                kafka.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
