package io.auditoverlay.ai.support;

import io.auditoverlay.ai.config.DetectionConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;

/** The service's real configuration (application.properties and defaults), without starting Quarkus. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static DetectionConfig detection() {
        return detection(Map.of());
    }

    /** With {@code overrides} on top, e.g. {@code audit.ai.detection.after-hours.grace=PT0M}. */
    public static DetectionConfig detection(Map<String, String> overrides) {
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withMapping(DetectionConfig.class)
                    .withValidateUnknown(false)
                    .withSources(new PropertiesConfigSource(TestConfigs.class.getResource("/application.properties"), 100))
                    .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                    .build();
            return config.getConfigMapping(DetectionConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
