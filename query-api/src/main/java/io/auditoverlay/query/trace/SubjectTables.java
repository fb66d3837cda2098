package io.auditoverlay.query.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.auditoverlay.query.config.QueryConfig;
import jakarta.inject.Singleton;

/** Which source table holds a subject's own row, for the reference schema plus configured additions. */
@Singleton
public class SubjectTables {

    private static final Map<String, String> REFERENCE = Map.of(
            "sale", "sales",
            "product", "products",
            "user", "users",
            "customer", "customers",
            "prescription", "prescriptions",
            "refund", "refunds",
            "branch", "branches",
            "adjustment", "inventory_adjustments",
            "role", "roles");

    private final Map<String, String> tables;

    public SubjectTables(QueryConfig config) {
        Map<String, String> merged = new HashMap<>(REFERENCE);
        merged.putAll(config.subjectTables());
        this.tables = Map.copyOf(merged);
    }

    public Optional<String> table(String subjectType) {
        return Optional.ofNullable(tables.get(subjectType));
    }

    public Set<String> subjectTypes() {
        return tables.keySet();
    }
}
