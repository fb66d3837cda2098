package io.auditoverlay.inference.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the consumer's limit on an unacknowledged record
 * ({@code throttled.unprocessed-record-max-age.ms} of the {@code changes} channel) from the
 * transaction timeouts: the longer of the two plus {@code audit.inference.intake.ack-margin}. A
 * record of an open transaction is held up to its timeout by design; the margin covers the rest of
 * its wait (consumer buffer, paused intake, writer queue and batch). A fixed limit that a longer
 * timeout silently overtook is how the consumer gave up in a week's catch-up (docs/reliability.md).
 * {@code INFERENCE_MAX_UNACKED_AGE_MS}, or the channel property itself, still overrides it.
 */
public final class UnackedAgeConfigSource implements ConfigSourceFactory {

    public static final String KEY = "mp.messaging.incoming.changes.throttled.unprocessed-record-max-age.ms";
    /** Below application.properties (250): an explicit channel property wins. */
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String explicit = value(context, "INFERENCE_MAX_UNACKED_AGE_MS", null);
        long millis = explicit != null ? Long.parseLong(explicit.trim())
                : derive(duration(context, "audit.inference.transaction-timeout", "30s"),
                        duration(context, "audit.inference.incomplete-transaction-timeout", "10m"),
                        duration(context, "audit.inference.intake.ack-margin", "5m"));
        return List.of(new PropertiesConfigSource(Map.of(KEY, Long.toString(millis)), "inference-unacked-age", ORDINAL));
    }

    /** The longer timeout plus the margin, in milliseconds. */
    public static long derive(Duration timeout, Duration incompleteTimeout, Duration margin) {
        Duration longer = timeout.compareTo(incompleteTimeout) >= 0 ? timeout : incompleteTimeout;
        return longer.plus(margin).toMillis();
    }

    private static Duration duration(ConfigSourceContext context, String key, String fallback) {
        return DurationConverter.parseDuration(value(context, key, fallback));
    }

    private static String value(ConfigSourceContext context, String key, String fallback) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }
}
