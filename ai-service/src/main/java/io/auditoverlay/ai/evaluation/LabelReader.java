package io.auditoverlay.ai.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.model.json.AuditJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the simulator's labels file: JSON lines, one planted anomaly each (docs/simulator.md).
 * Field names are read with their common aliases so that a renamed field is not silently ignored
 * but still understood; a line without class or window is an error naming its line number.
 */
public final class LabelReader {

    private LabelReader() {
    }

    public static List<Label> read(Reader source) throws IOException {
        List<Label> labels = new ArrayList<>();
        BufferedReader reader = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = AuditJson.mapper().readTree(line);
            String anomalyClass = text(node, "class", "label", "anomaly_class", "kind");
            Instant start = instant(text(node, "window_start", "start", "from", "windowStart"));
            Instant end = instant(text(node, "window_end", "end", "to", "windowEnd"));
            if (anomalyClass == null || start == null) {
                throw new IOException("labels line " + number + ": needs a class and a window start");
            }
            List<String> rows = new ArrayList<>();
            JsonNode ids = first(node, "row_ids", "rows", "rowIds");
            if (ids != null && ids.isArray()) {
                ids.forEach(id -> rows.add(id.isValueNode() ? id.asText() : id.toString()));
            }
            labels.add(new Label(anomalyClass, text(node, "branch", "branch_id", "branchId"),
                    text(node, "user", "user_id", "userId"), text(node, "product", "product_id", "productId"),
                    start, end != null ? end : start, List.copyOf(rows)));
        }
        return labels;
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String... names) {
        JsonNode value = first(node, names);
        return value == null || !value.isValueNode() ? null : value.asText();
    }

    /** ISO instants; zone-less date-times are UTC, as the source schema stores them. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
            return OffsetDateTime.parse(value).toInstant();
        }
        return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
}
