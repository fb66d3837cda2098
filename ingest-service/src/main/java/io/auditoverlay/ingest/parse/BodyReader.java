package io.auditoverlay.ingest.parse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.auditoverlay.ingest.rest.IngestProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Splits a request body into events, keeping each event's exact bytes so that the topic receives
 * what the sender sent, byte for byte.
 *
 * <p>Accepted shapes: one JSON object (Debezium's http sink: one event per request); a JSON array
 * of events; several JSON values one after another (NDJSON). In the two batch shapes an element may
 * also be a record {@code {"key": <key JSON or null>, "value": <event>}}, which is how a shipper
 * other than the http sink hands over the Kafka key.
 */
public final class BodyReader {

    private static final Set<String> RECORD_FIELDS = Set.of("key", "value");

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final int maxEvents;

    public BodyReader(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /** The body's events in order; the result says whether it was a single bare event. */
    public Body read(byte[] body) {
        if (body == null || isBlank(body)) {
            throw IngestProblem.malformed("The request body is empty; expected a Debezium change event as JSON.");
        }
        List<Slice> roots = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                long start = parser.currentTokenLocation().getByteOffset();
                JsonNode node = mapper.readTree(parser);
                long end = parser.currentLocation().getByteOffset();
                roots.add(new Slice(token, node, (int) start, (int) end));
                if (roots.size() > maxEvents) {
                    throw tooMany();
                }
            }
        } catch (JsonParseException e) {
            throw IngestProblem.malformed(describe(e));
        } catch (IOException e) {
            throw IngestProblem.malformed("The body is not valid JSON: " + e.getMessage());
        }
        if (roots.size() == 1 && roots.get(0).token() == JsonToken.START_ARRAY) {
            return new Body(false, elements(body, roots.get(0)));
        }
        if (roots.size() == 1) {
            RawEvent only = event(body, roots.get(0), 0);
            // a lone {"key","value"} record is a batch of one; a lone event is the http sink's form
            return new Body(!isRecord(roots.get(0).node()), List.of(only));
        }
        List<RawEvent> events = new ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            events.add(event(body, roots.get(i), i));
        }
        return new Body(false, events);
    }

    private List<RawEvent> elements(byte[] body, Slice array) {
        if (array.node().size() > maxEvents) {
            throw tooMany();
        }
        List<RawEvent> events = new ArrayList<>(array.node().size());
        // The array is the body's only root value, so offsets from a fresh parser are absolute.
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            parser.nextToken();
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                long start = parser.currentTokenLocation().getByteOffset();
                JsonNode node = mapper.readTree(parser);
                long end = parser.currentLocation().getByteOffset();
                events.add(event(body, new Slice(token, node, (int) start, (int) end), index++));
            }
        } catch (IOException e) {
            throw IngestProblem.malformed("The body is not valid JSON: " + e.getMessage());
        }
        return events;
    }

    private RawEvent event(byte[] body, Slice slice, int index) {
        requireObject(slice.node(), index);
        JsonNode node = slice.node();
        if (isRecord(node)) {
            requireObject(node.get("value"), index);
            byte[] element = slice.bytes(body);
            byte[] value = field(element, "value");
            byte[] key = node.has("key") ? field(element, "key") : null;
            boolean nullKey = key == null || node.get("key").isNull();
            return new RawEvent(index, value, node.get("value"), node.has("key"), nullKey ? null : key);
        }
        return new RawEvent(index, slice.bytes(body), node, false, null);
    }

    private static boolean isRecord(JsonNode node) {
        return node.isObject() && node.has("value") && RECORD_FIELDS.containsAll(fieldNames(node));
    }

    /** The exact bytes of one top-level field of an object. */
    private byte[] field(byte[] object, String name) {
        try (JsonParser parser = mapper.getFactory().createParser(object)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                parser.nextToken();
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                if (wanted) {
                    return Arrays.copyOfRange(object, start, end);
                }
            }
        } catch (IOException e) {
            throw IngestProblem.malformed("The body is not valid JSON: " + e.getMessage());
        }
        throw new IllegalStateException("field " + name + " vanished on the second read");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void requireObject(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw IngestProblem.badRequest("Every event must be a JSON object.",
                    List.of("event " + index + ": expected a JSON object, got "
                            + (node == null ? "nothing" : node.getNodeType().name().toLowerCase())));
        }
    }

    private IngestProblem tooMany() {
        return IngestProblem.tooLarge("A batch may hold at most " + maxEvents + " events.");
    }

    private static String describe(JsonParseException e) {
        long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        return "The body is not valid JSON at byte " + offset + ": " + e.getOriginalMessage();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The events of a request; {@code single} for one bare event (the http sink's form). */
    public record Body(boolean single, List<RawEvent> events) {
    }

    private record Slice(JsonToken token, JsonNode node, int start, int end) {
        byte[] bytes(byte[] body) {
            return Arrays.copyOfRange(body, start, end);
        }
    }
}
