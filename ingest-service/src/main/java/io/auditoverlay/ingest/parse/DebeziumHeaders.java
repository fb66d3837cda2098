package io.auditoverlay.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the record headers Debezium Server's http sink forwards as request headers.
 *
 * <p>The sink sends each record header {@code name} as {@code X-DEBEZIUM-<NAME in upper case>}, its
 * value being the header converter's output (with the default JSON format
 * {@code {"schema":{"type":"string",…},"payload":"…"}}), Base64-encoded unless
 * {@code headers.encode.base64=false}. Seen with Debezium Server 3.6.1.
 */
public final class DebeziumHeaders {

    /** Debezium's own context headers, by the upper-case name they arrive under. */
    private static final Map<String, String> CONTEXT_NAMES = Map.of(
            "__DEBEZIUM.CONTEXT.CONNECTORLOGICALNAME", "__debezium.context.connectorLogicalName",
            "__DEBEZIUM.CONTEXT.CONNECTORNAME", "__debezium.context.connectorName",
            "__DEBEZIUM.CONTEXT.RUNID", "__debezium.context.runId",
            "__DEBEZIUM.CONTEXT.TASKID", "__debezium.context.taskId");

    private final ObjectMapper mapper;
    private final String prefix;
    private final Function<String, String> requestHeader;

    /**
     * @param prefix the sink's header prefix, {@code X-DEBEZIUM-} by default
     * @param requestHeader looks a request header up by name (case-insensitive)
     */
    public DebeziumHeaders(ObjectMapper mapper, String prefix, Function<String, String> requestHeader) {
        this.mapper = mapper;
        this.prefix = prefix;
        this.requestHeader = requestHeader;
    }

    /** The string value of record header {@code name}, if the request carried it. */
    public Optional<String> text(String name) {
        String raw = requestHeader.apply(prefix + name.toUpperCase(Locale.ROOT));
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(unwrap(decode(raw)));
    }

    /**
     * Debezium's context headers (connector name, run id, task) under the names and with the bytes
     * the Kafka sink gives them.
     */
    public Map<String, byte[]> context(Iterable<String> requestHeaderNames) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String header : requestHeaderNames) {
            if (header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                String name = CONTEXT_NAMES.get(header.substring(prefix.length()).toUpperCase(Locale.ROOT));
                if (name != null) {
                    out.put(name, decode(requestHeader.apply(header)));
                }
            }
        }
        return out;
    }

    private static byte[] decode(String raw) {
        String trimmed = raw.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("\"")) {
            return trimmed.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException notBase64) {
            return trimmed.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The string inside a converter's output: the payload of a schema envelope, or a JSON string. */
    private String unwrap(byte[] converted) {
        String text = new String(converted, StandardCharsets.UTF_8);
        try {
            JsonNode node = mapper.readTree(converted);
            if (node != null && node.isObject() && node.has("schema") && node.has("payload")) {
                node = node.get("payload");
            }
            if (node != null && node.isTextual()) {
                return node.asText();
            }
        } catch (IOException notJson) {
            // a plain string header: use as is
        }
        return text;
    }
}
