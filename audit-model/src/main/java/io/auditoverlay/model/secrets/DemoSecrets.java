package io.auditoverlay.model.secrets;

import io.auditoverlay.model.security.TokenTable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * The passwords and tokens this repository shows (tests, the local stack's demo, documentation
 * examples): a production service must not run on one. {@link #refuse(Config)} fails the start,
 * naming the setting and never the value.
 */
public final class DemoSecrets {

    /**
     * Known values; token settings hold their SHA-256, so the hashes count too. Not "debezium": it
     * is the local stack's capture password, which ai-service's completeness checks (opt-in, local
     * only) are given explicitly; in compose and Kubernetes the capture password is generated.
     */
    static final Set<String> VALUES = Set.of("local-dev-token", "test-auditor-token", "test-manager-token",
            "test-agent-token", "test-metrics-token", "ingest-test-token-a", "ingest-test-token-b", "ingest-test-token-c", "postgres", "audit",
            "pos", "password", "changeme", "secret", "admin", "grafana");
    private static final Set<String> HASHES = VALUES.stream().map(TokenTable::sha256).collect(Collectors.toUnmodifiableSet());

    private DemoSecrets() {
    }

    /** Whether a setting's name says it holds a secret (a password, a token or its hash); not the names of keys. */
    static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.startsWith("%") && !n.contains("credentials-provider")
                && (n.endsWith("password") || n.endsWith("token") || n.endsWith("sha256") || n.endsWith("secret"));
    }

    /** Whether a value is one of the known demo values, or the hash of one. */
    static boolean demoValue(String value) {
        String v = value.strip();
        return VALUES.contains(v) || HASHES.contains(v.toLowerCase(Locale.ROOT));
    }

    /** The first secret setting whose value is a demo value, if any. */
    public static Optional<String> firstDemoSetting(Stream<String> names, Function<String, Optional<String>> value) {
        return names.filter(DemoSecrets::secretName).sorted()
                .filter(n -> value.apply(n).filter(DemoSecrets::demoValue).isPresent()).findFirst();
    }

    /**
     * Fails with the setting's name when a secret setting of this configuration holds a demo value,
     * unless the packaged build runs under the test or dev profile (integration tests start the
     * production jar with {@code quarkus.profile=test} and this repository's test tokens).
     */
    public static void refuse(Config config) {
        if (!productionProfile(safeValue(config, "quarkus.profile").orElse("prod"))) {
            return;
        }
        firstDemoSetting(StreamSupport.stream(config.getPropertyNames().spliterator(), false).distinct(),
                n -> safeValue(config, n)).ifPresent(n -> {
                    throw new IllegalStateException("the setting " + n + " holds a known demo value (from this repository's "
                            + "tests or demo): set a secret of your own (docs/security.md, \"Secrets\")");
                });
    }

    /** Whether none of the active profiles (comma-separated) is test or dev. */
    static boolean productionProfile(String profiles) {
        return Arrays.stream(profiles.split(",")).map(String::strip).noneMatch(p -> p.equals("test") || p.equals("dev"));
    }

    private static Optional<String> safeValue(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (RuntimeException unresolvable) {
            return Optional.empty();
        }
    }
}
