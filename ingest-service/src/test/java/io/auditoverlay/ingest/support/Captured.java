package io.auditoverlay.ingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests Debezium Server 3.6.1's http sink really sent (MariaDB connector, prefix {@code pos},
 * JSON values with schemas, keys without, KeyToHeader and InsertHeader transforms): a schema change,
 * then BEGIN, an inventory update, an adjustment insert and delete, END of transaction 0-17-24.
 */
public final class Captured {

    public static final String PREFIX = "pos";
    public static final String TX = "0-17-24";

    private Captured() {
    }

    public static List<Request> requests() {
        ObjectMapper mapper = new ObjectMapper();
        List<Request> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Captured.class.getResourceAsStream("/captured/http-sink-requests.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = mapper.readTree(line);
                Map<String, String> headers = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.get("headers").fields();
                fields.forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
                out.add(new Request(headers, node.get("body").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One captured request. */
    public record Request(Map<String, String> headers, String body) {

        /** The same request for another prefix, database and transaction id (test isolation). */
        public Request rewritten(String prefix, String database, String tx) {
            Map<String, String> rewrittenHeaders = new LinkedHashMap<>();
            headers.forEach((name, value) -> rewrittenHeaders.put(name, name.toUpperCase().startsWith("X-DEBEZIUM-")
                    ? Base64.getEncoder().encodeToString(rewrite(new String(Base64.getDecoder().decode(value),
                            StandardCharsets.UTF_8), prefix, database, tx).getBytes(StandardCharsets.UTF_8))
                    : value));
            return new Request(rewrittenHeaders, rewrite(body, prefix, database, tx));
        }

        private static String rewrite(String text, String prefix, String database, String tx) {
            return text.replace("\"name\":\"" + PREFIX + "\"", "\"name\":\"" + prefix + "\"")
                    .replace("\"db\":\"pharmacy\"", "\"db\":\"" + database + "\"")
                    .replace("\"databaseName\":\"pharmacy\"", "\"databaseName\":\"" + database + "\"")
                    .replace("\"" + TX + "\"", "\"" + tx + "\"")
                    .replace("\\\"" + TX + "\\\"", "\\\"" + tx + "\\\"");
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }
}
