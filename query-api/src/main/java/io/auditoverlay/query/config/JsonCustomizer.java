package io.auditoverlay.query.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.model.json.AuditJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The project's shared JSON mapping, and no null fields in answers. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        AuditJson.configure(mapper).setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
