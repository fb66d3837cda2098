package io.auditoverlay.normalizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Applies the shared JSON settings of audit-model to Quarkus' ObjectMapper. */
@Singleton
public class JsonConfiguration implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        AuditJson.configure(mapper);
    }
}
