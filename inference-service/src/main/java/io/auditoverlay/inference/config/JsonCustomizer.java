package io.auditoverlay.inference.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The project's shared JSON settings (ISO instants, exact decimals) on Quarkus' mapper. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        AuditJson.configure(mapper);
    }
}
