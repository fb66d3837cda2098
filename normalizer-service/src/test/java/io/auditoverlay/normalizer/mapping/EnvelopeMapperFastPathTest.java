package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The payload read token by token (schema recognised by its bytes) gives what the full parse gives,
 * from any buffer.
 */
class EnvelopeMapperFastPathTest extends MapperHarness {

    @Test
    void cachedSchemaPathAndFullParsePathGiveTheSameEvent() throws Exception {
        for (Fixtures.RawRecord r : Fixtures.load("mariadb-type-probe.txt")) {
            byte[] pretty = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(json.readTree(r.value()));
            assertEquals(-1, SchemaCache.payloadStart(pretty, 0, pretty.length), "whitespace: not the converter's layout, full parse");
            assertTrue(SchemaCache.payloadStart(r.value(), 0, r.value().length) > 0);
            assertEquals(assertInstanceOf(Mapped.Change.class, mapper.map(TOPIC, r.key(), pretty)).event(), change(r));
            assertEquals(change(r), change(r), "second time from the schema cache");
        }
    }

    @Test
    void everyCapturedChangeReadFromItsTokensEqualsTheOneReadFromItsTree() throws Exception {
        // The fast path reads a payload token by token; a record laid out otherwise (here: pretty
        // printed) takes the slow path, which parses it into a tree. Both must give the same event.
        int compared = 0;
        for (String file : List.of("mariadb-type-probe.txt", "mariadb-transaction.txt", "mariadb-truncate.txt")) {
            for (Fixtures.RawRecord r : Fixtures.load(file)) {
                if (r.value() == null || !(mapper.map(TOPIC, r.key(), r.value()) instanceof Mapped.Change fast)) {
                    continue;
                }
                byte[] pretty = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(json.readTree(r.value()));
                assertEquals(fast.event(), assertInstanceOf(Mapped.Change.class, mapper.map(TOPIC, r.key(), pretty)).event(), file);
                compared++;
            }
        }
        assertTrue(compared >= 4, "compared " + compared); // the type probe's changes and the truncate
    }

    @Test
    void aValueReadInPlaceFromTheConsumersBufferMapsAsItsOwnBytesDo() {
        // The Kafka consumer hands out slices of a larger buffer: bytes before and after the
        // record's must not be read, and the slice's position must not move.
        List<Fixtures.RawRecord> records = Fixtures.load("mariadb-type-probe.txt");
        EnvelopeMapper sliced = mapper(List.of("customers.national_id", "type_probe.txt"));
        for (Fixtures.RawRecord r : records) {
            byte[] padded = new byte[r.value().length + 40];
            Arrays.fill(padded, (byte) '}');
            System.arraycopy(r.value(), 0, padded, 17, r.value().length);
            ByteBuffer slice = ByteBuffer.wrap(padded, 10, r.value().length + 7).slice();
            slice.position(7);
            assertEquals(change(r), assertInstanceOf(Mapped.Change.class, sliced.map(TOPIC, r.key(), slice)).event());
            assertEquals(7, slice.position());
        }
        assertEquals(records.size(), sliced.fastPathCount(), "slices take the fast path too");
        assertInstanceOf(Mapped.Skipped.class, sliced.map(TOPIC, null, ByteBuffer.allocate(0)));
    }

    @Test
    void recordsAsDebeziumWritesThemAreMappedFromTheirPayloadAlone() {
        List<Fixtures.RawRecord> records = Fixtures.load("mariadb-type-probe.txt");
        EnvelopeMapper fresh = mapper(List.of());
        for (Fixtures.RawRecord r : records) {
            fresh.map(TOPIC, r.key(), r.value());
        }
        assertEquals(records.size(), fresh.fastPathCount(), "every record found its schema by its bytes");
    }

    @Test
    void transactionMarkersAreRecognisedByTheirSchemaBytes_andMapAsWhenScanned() {
        List<Fixtures.RawRecord> markers = Fixtures.load("mariadb-transaction.txt");
        SchemaCache cache = new SchemaCache();
        for (Fixtures.RawRecord m : markers) {
            byte[] v = m.value();
            int scanned = SchemaCache.payloadStart(v, 0, v.length);
            assertTrue(scanned > 0);
            assertEquals(scanned, cache.find("pos.transaction", v, 0, v.length, schema -> Map.of()).payloadStart());
            assertEquals(scanned, cache.sameAsLast("pos.transaction", v, 0, v.length).payloadStart(),
                    "remembered: the topic's next marker is compared, not scanned");
        }
        EnvelopeMapper fresh = mapper(List.of());
        Fixtures.RawRecord end = markers.get(1);
        Mapped first = fresh.map("pos.transaction", end.key(), end.value());
        Mapped again = fresh.map("pos.transaction", end.key(), end.value());
        assertEquals(assertInstanceOf(Mapped.End.class, first).end(), assertInstanceOf(Mapped.End.class, again).end());
        assertInstanceOf(Mapped.Skipped.class, fresh.map("pos.transaction", markers.get(0).key(), markers.get(0).value()),
                "BEGIN, from the cached schema too");
        assertEquals(3, fresh.fastPathCount());
    }

    @Test
    void aSchemaThatChangesOnATopicIsDecodedWithTheNewSchema() throws Exception {
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        EnvelopeMapper fresh = mapper(List.of());
        assertEquals(new BigDecimal("12.30"), fresh.map(TOPIC, r.key(), r.value()) instanceof Mapped.Change c
                ? c.event().after().get("d") : null);
        // ALTER TABLE … MODIFY d DECIMAL(10,3): same bytes in the payload, a different scale in the schema.
        String altered = new String(r.value(), StandardCharsets.UTF_8)
                .replace("{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}",
                        "{\"scale\":\"3\",\"connect.decimal.precision\":\"10\"}");
        assertNotEquals(new String(r.value(), StandardCharsets.UTF_8), altered);
        CanonicalChangeEvent e = assertInstanceOf(Mapped.Change.class,
                fresh.map(TOPIC, r.key(), altered.getBytes(StandardCharsets.UTF_8))).event();
        assertEquals(new BigDecimal("1.230"), e.after().get("d"));
        assertEquals(new BigDecimal("12.30"), assertInstanceOf(Mapped.Change.class, fresh.map(TOPIC, r.key(), r.value()))
                .event().after().get("d"), "and back");
    }

    @Test
    void aColumnValueThatLooksLikeThePayloadKeyDoesNotConfuseTheFastPath() throws Exception {
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        ObjectNode message = (ObjectNode) json.readTree(r.value());
        ((ObjectNode) message.get("payload").get("after")).put("txt", "x},\"payload\":{\"op\":\"d\"}");
        EnvelopeMapper unmasked = mapper(List.of());
        CanonicalChangeEvent e = assertInstanceOf(Mapped.Change.class,
                unmasked.map(TOPIC, r.key(), json.writeValueAsBytes(message))).event();
        assertEquals(Operation.CREATE, e.op());
        assertEquals("x},\"payload\":{\"op\":\"d\"}", e.after().get("txt"));
        assertEquals(new BigDecimal("12.30"), e.after().get("d"));
    }
}
