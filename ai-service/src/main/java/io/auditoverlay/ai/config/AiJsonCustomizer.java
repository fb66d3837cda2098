package io.auditoverlay.ai.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The shared JSON mapping of audit-model, applied to Quarkus' ObjectMapper. */
@Singleton
public class AiJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        AuditJson.configure(mapper);
    }
}
