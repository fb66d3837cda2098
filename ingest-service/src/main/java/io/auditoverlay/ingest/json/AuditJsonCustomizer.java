package io.auditoverlay.ingest.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Applies the project's shared JSON settings to Quarkus' ObjectMapper. */
@Singleton
public class AuditJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        AuditJson.configure(mapper);
    }
}
