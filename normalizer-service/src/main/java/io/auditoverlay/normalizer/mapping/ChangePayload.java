package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a change event's payload says, its row images already decoded: read from the record's
 * tokens on the fast path (the images, most of a payload, never become a tree), from the parsed
 * tree on the slow path.
 */
record ChangePayload(JsonNode op, JsonNode source, JsonNode transaction, JsonNode tsMs,
        Map<String, Object> before, Map<String, Object> after) {
}
