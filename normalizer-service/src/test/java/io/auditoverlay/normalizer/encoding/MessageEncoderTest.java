package io.auditoverlay.normalizer.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.json.JsonbText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
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

    /**
     * The forwarded value is what the shared mapping writes for the event, field for field; in the three
     * images (written in jsonb's spelling, {@link JsonbText}) numbers are plain decimals, so a number the
     * shared mapping writes with an exponent ({@code 1E+3}) is the same number spelled out ({@code 1000}):
     * equal as numbers, and as jsonb (JsonbTextPostgresIT holds jsonb's text of both equal).
     */
    @ParameterizedTest
    @MethodSource("events")
    void theForwardedValueIsWhatTheSharedMappingWritesForTheEvent(CanonicalChangeEvent event) throws Exception {
        EncodedMessage encoded = encoder.encode(event);

        ObjectNode expected = (ObjectNode) json.readTree(json.writerFor(ChangeMessage.class).writeValueAsBytes(event));
        ObjectNode actual = (ObjectNode) json.readTree(encoded.value());
        for (String image : List.of("primaryKey", "before", "after")) {
            JsonNode want = expected.remove(image);
            JsonNode got = actual.remove(image);
            assertTrue(want.equals(SAME_NUMBER, got), image + ": " + want + " vs " + got);
        }
        assertEquals(expected, actual);
        assertEquals(event, encoded.message());
    }

    /** Numbers by value (what jsonb compares), everything else exactly. */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @ParameterizedTest
    @MethodSource("events")
    void theImagesAreWrittenAsJsonbSpellsThem_onceForBothDestinations(CanonicalChangeEvent event) throws Exception {
        EncodedMessage encoded = encoder.encode(event);

        assertEquals(JsonbText.write(event.primaryKey()), encoded.row().primaryKey());
        assertEquals(JsonbText.write(event.before()), encoded.row().before());
        assertEquals(JsonbText.write(event.after()), encoded.row().after());
        String wire = new String(encoded.value(), StandardCharsets.UTF_8);
        assertTrue(wire.contains("\"primaryKey\":" + encoded.row().primaryKey() + ","), wire);
        assertTrue(wire.contains("\"before\":" + encoded.row().before() + ","), wire);
        assertTrue(wire.contains("\"after\":" + encoded.row().after() + ","), wire);
    }

    @Test
    void anImageOfTheFirstEventIsSpelledOutAsJsonbPrintsIt() {
        EncodedMessage encoded = encoder.encode(events().findFirst().orElseThrow());
        assertEquals("{\"id\": 42, \"note\": \"[REDACTED]\", \"attrs\": {\"tags\": [\"otc\", 3, false]}, \"price\": 1000, "
                + "\"active\": true, \"deleted_at\": null}", encoded.row().after());
        assertEquals("{\"id\": 42, \"note\": \"tab\\there, \\\"quoted\\\", back\\\\slash, new\\nline, \u00e9t\u00e9 \ud83d\udc8a\", "
                + "\"attrs\": {\"tags\": [\"otc\", 3, false]}, \"price\": 12.30, \"active\": true, \"deleted_at\": null}",
                encoded.row().before());
    }

    @Test
    void aLoneSurrogateCannotBeForwarded_asBefore() {
        CanonicalChangeEvent first = events().findFirst().orElseThrow();
        Map<String, Object> after = new LinkedHashMap<>(first.after());
        after.put("note", "lone \ud800 surrogate");
        CanonicalChangeEvent lone = new CanonicalChangeEvent(first.eventId(), first.source(), first.database(), first.table(), first.op(),
                first.primaryKey(), first.before(), after, first.changedColumns(), first.transactionId(), first.transactionOrder(),
                first.committedAt(), first.capturedAt(), first.position(), first.branchId(), first.schemaVersion());
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(lone));
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
