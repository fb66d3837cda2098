package io.auditoverlay.query.changes;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;

/**
 * A primary key given in a filter, as the JSON object the normalizer stores: either JSON
 * ({@code {"branch_id":"7","product_id":5}}) or {@code column=value[,column=value]}, where an
 * integer-looking value is a number.
 */
public final class PrimaryKeys {

    private PrimaryKeys() {
    }

    public static String parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.startsWith("{")) {
                JsonNode node = AuditJson.mapper().readTree(v);
                if (!node.isObject() || node.isEmpty()) {
                    throw new IllegalArgumentException();
                }
                return AuditJson.mapper().writeValueAsString(node);
            }
            Map<String, Object> key = new LinkedHashMap<>();
            for (String part : v.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException();
                }
                String column = part.substring(0, eq).strip();
                String raw = part.substring(eq + 1).strip();
                key.put(column, raw.matches("-?\\d{1,18}") ? (Object) Long.valueOf(raw) : raw);
            }
            return AuditJson.mapper().writeValueAsString(key);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest(name + " must be column=value[,column=value] or a JSON object, got '" + Params.clip(v) + "'");
        }
    }

    /** The canonical JSON of a one-column key. */
    public static String single(String column, String value) {
        return parse("key", column + "=" + value);
    }
}
