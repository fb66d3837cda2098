package io.auditoverlay.normalizer.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.AuditJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageEncoderTest {

    private final ObjectMapper json = AuditJson.mapper();
    private final MessageEncoder encoder = new MessageEncoder(json);

    static Stream<CanonicalChangeEvent> events() {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", 42L);
        before.put("price", new BigDecimal("12.30"));
        before.put("note", "tab\there, \"quoted\", back\\slash, new\nline, \u00e9t\u00e9 \ud83d\udc8a");
        before.put("deleted_at", null);
        before.put("active", true);
        before.put("attrs", Map.of("tags", List.of("otc", 3, false)));
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("price", new BigDecimal("1E+3"));
        after.put("note", CanonicalChangeEvent.REDACTED);
        Instant committed = Instant.parse("2026-11-25T10:15:30.123Z");
        return Stream.of(
                new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "products", Operation.UPDATE,
                        Map.of("id", 42L), before, after, List.of("price", "note"), "pos:0-1-77", 3L, committed,
                        Instant.parse("2026-11-25T10:15:30.5Z"), new SourcePosition(1L, "mysql-bin.000003", 4711L, 2, "0-1-77", false),
                        "2", CanonicalChangeEvent.SCHEMA_VERSION),
                // A snapshot row: no transaction, no before, no capture time, nothing optional in the position.
                new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "branches", Operation.READ,
                        Map.of("id", 1L), null, Map.of("id", 1L, "name", "Centro"), List.of("id", "name"), null, null,
                        committed, null, new SourcePosition(null, null, null, null, null, true), null, 1),
                // A truncate: no images at all, an empty key.
                new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "sales", Operation.TRUNCATE,
                        Map.of(), null, null, List.of(), "pos:0-1-78", 1L, committed, committed,
                        new SourcePosition(1L, "mysql-bin.000003", 5000L, 0, null, false), "1", 1));
    }

    @ParameterizedTest
    @MethodSource("events")
    void theForwardedValueIsWhatTheSharedMappingWritesForTheEvent(CanonicalChangeEvent event) throws Exception {
        EncodedMessage encoded = encoder.encode(event);

        JsonNode expected = json.readTree(json.writerFor(ChangeMessage.class).writeValueAsBytes(event));
        assertEquals(expected, json.readTree(encoded.value()));
        assertEquals(event, encoded.message());
    }

    @ParameterizedTest
    @MethodSource("events")
    void theStoredImagesAreTheForwardedImages(CanonicalChangeEvent event) throws Exception {
        EncodedMessage encoded = encoder.encode(event);
        JsonNode value = json.readTree(encoded.value());

        assertEquals(value.get("primaryKey"), json.readTree(encoded.row().primaryKey()));
        assertEquals(value.get("before"), encoded.row().before() == null ? json.nullNode() : json.readTree(encoded.row().before()));
        assertEquals(value.get("after"), encoded.row().after() == null ? json.nullNode() : json.readTree(encoded.row().after()));
        assertEquals(event, encoded.row().event());
    }

    @Test
    void messagesAreKeyedByTransactionElseByEventId() {
        List<CanonicalChangeEvent> events = events().toList();
        assertArrayEquals("pos:0-1-77".getBytes(StandardCharsets.UTF_8), encoder.encode(events.get(0)).key());
        assertArrayEquals(events.get(1).eventId().toString().getBytes(StandardCharsets.UTF_8), encoder.encode(events.get(1)).key());
    }

    @Test
    void anEndMarkerIsWrittenByTheSharedMappingAndHasNoRow() throws Exception {
        TransactionEnd end = new TransactionEnd("pos:0-1-77", "pos", 10, Map.of("pharmacy.sales", 1L, "pharmacy.inventory", 9L),
                Instant.parse("2026-11-25T10:15:30.123Z"));
        EncodedMessage encoded = encoder.encode(end);

        assertEquals(end, json.readValue(encoded.value(), ChangeMessage.class));
        assertArrayEquals("pos:0-1-77".getBytes(StandardCharsets.UTF_8), encoded.key());
        assertNull(encoded.row());
    }

    @Test
    void theWireShapeHasEveryComponentOfTheEventInItsOrder() {
        List<String> event = Arrays.stream(CanonicalChangeEvent.class.getRecordComponents()).map(c -> c.getName()).toList();
        List<String> wire = Arrays.stream(WireChange.class.getRecordComponents()).map(c -> c.getName()).toList();
        assertEquals("kind", wire.get(0));
        assertEquals(event, wire.subList(1, wire.size()), "a component added to CanonicalChangeEvent must be added to WireChange");
    }
}
