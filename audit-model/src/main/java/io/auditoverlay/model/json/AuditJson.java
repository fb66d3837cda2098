package io.auditoverlay.model.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping every service uses for the shared records: ISO-8601 instants, exact
 * decimals, unknown properties ignored (a newer producer may add fields).
 *
 * <p>Quarkus services apply {@link #configure(ObjectMapper)} from an {@code ObjectMapperCustomizer};
 * plain programs (CLI, simulator, benchmarks) use {@link #mapper()}.
 */
public final class AuditJson {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    private AuditJson() {
    }

    /** Applies the shared settings to a mapper and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** A shared, thread-safe mapper with {@link #configure(ObjectMapper)} applied. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
