package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvelopeMapperTest {

    private static final String TOPIC = "pos.pharmacy.type_probe";
    private final ObjectMapper json = AuditJson.mapper();
    private final EnvelopeMapper mapper = mapper(List.of("customers.national_id", "type_probe.txt"));

    private EnvelopeMapper mapper(List<String> masked) {
        return new EnvelopeMapper(json, new ColumnMasker(masked),
                new BranchResolver("branch_id", Map.of("branches", "id"), Map.of("pos", "99"), Optional.empty()),
                Map.of());
    }

    private CanonicalChangeEvent change(Fixtures.RawRecord r) {
        return assertInstanceOf(Mapped.Change.class, mapper.map(TOPIC, r.key(), r.value())).event();
    }

    @Test
    void createDecodesEveryColumnTypeFromItsSchema() {
        CanonicalChangeEvent e = change(Fixtures.load("mariadb-type-probe.txt").get(0));
        Map<String, Object> row = e.after();
        assertEquals(Operation.CREATE, e.op());
        assertNull(e.before());
        assertEquals(new BigDecimal("12.30"), row.get("d"), "DECIMAL(10,2) from base64 + scale");
        assertEquals(new BigDecimal("12345678901234567890.0123456789"), row.get("big"));
        assertEquals("2026-11-25T10:15:30.123", row.get("dt"), "DATETIME(3): zone-less ISO");
        assertEquals("2026-11-25T10:15:30.123456", row.get("dt6"), "DATETIME(6): microseconds kept");
        assertEquals("2026-11-25T10:15:30.500Z", row.get("ts"), "TIMESTAMP: UTC instant");
        assertEquals("1980-04-12", row.get("dte"));
        assertEquals("08:30:00", row.get("tm"));
        assertEquals(2026L, ((Number) row.get("yr")).longValue());
        assertEquals("B", row.get("e"), "ENUM as its label");
        assertEquals("x,z", row.get("st"), "SET as its labels");
        assertEquals(true, row.get("b1"), "BIT(1) is a boolean");
        assertEquals(513L, row.get("b8"), "BIT(10) b'1000000001' as a number");
        assertEquals(Map.of("a", 1L, "b", Arrays.asList(true, null)), row.get("j"), "JSON as structure");
        assertEquals(true, row.get("flag"), "BOOLEAN (TINYINT(1))");
        assertEquals(0, new BigDecimal("1.5").compareTo(new BigDecimal(row.get("f").toString())));
        assertEquals("AP8Q", row.get("bin"), "binary stays base64");
        assertTrue(row.containsKey("n") && row.get("n") == null, "NULL kept as null");
        assertEquals(CanonicalChangeEvent.REDACTED, row.get("txt"), "masked by configuration");
        assertEquals(row.keySet().stream().toList(), e.changedColumns(), "a create changes every column");
    }

    @Test
    void createCarriesSourcePositionTransactionAndTimes() {
        CanonicalChangeEvent e = change(Fixtures.load("mariadb-type-probe.txt").get(0));
        assertEquals("pos", e.source());
        assertEquals("pharmacy", e.database());
        assertEquals("type_probe", e.table());
        assertEquals(Map.of("id", 1L), e.primaryKey());
        assertEquals("pos:0-7-25", e.transactionId(), "source-qualified transaction id");
        assertEquals(1L, e.transactionOrder());
        assertEquals(Instant.ofEpochMilli(1795631205000L), e.committedAt());
        assertEquals("mb.000001", e.position().file());
        assertEquals(13719L, e.position().pos());
        assertEquals(0, e.position().row());
        assertEquals(7L, e.position().serverId());
        assertEquals("0-7-25", e.position().gtid());
        assertFalse(e.position().snapshot());
        assertEquals("99", e.branchId(), "no branch column: the source's configured branch");
        assertEquals(CanonicalChangeEvent.SCHEMA_VERSION, e.schemaVersion());
    }

    @Test
    void updateListsOnlyTheColumnsThatChanged() {
        CanonicalChangeEvent e = change(Fixtures.load("mariadb-type-probe.txt").get(1));
        assertEquals(Operation.UPDATE, e.op());
        assertEquals(List.of("d", "flag"), e.changedColumns());
        assertEquals(new BigDecimal("12.30"), e.before().get("d"));
        assertEquals(new BigDecimal("13.00"), e.after().get("d"));
    }

    @Test
    void deleteKeepsTheBeforeImage() {
        CanonicalChangeEvent e = change(Fixtures.load("mariadb-type-probe.txt").get(2));
        assertEquals(Operation.DELETE, e.op());
        assertNull(e.after());
        assertEquals(1L, e.before().get("id"));
        assertEquals(Map.of("id", 1L), e.primaryKey());
    }

    @Test
    void truncateHasNoRowsAndNoKey() {
        Fixtures.RawRecord r = Fixtures.load("mariadb-truncate.txt").get(0);
        CanonicalChangeEvent e = assertInstanceOf(Mapped.Change.class, mapper.map("pos.pharmacy.trunc_probe", r.key(), r.value())).event();
        assertEquals(Operation.TRUNCATE, e.op());
        assertNull(e.before());
        assertNull(e.after());
        assertEquals(Map.of(), e.primaryKey());
        assertEquals(List.of(), e.changedColumns());
    }

    @Test
    void sameRecordAlwaysGetsTheSameIdAndDifferentRowsDifferentIds() {
        List<Fixtures.RawRecord> records = Fixtures.load("mariadb-type-probe.txt");
        assertEquals(change(records.get(0)).eventId(), change(records.get(0)).eventId());
        assertNotEquals(change(records.get(0)).eventId(), change(records.get(1)).eventId());
    }

    @Test
    void theIdDoesNotDependOnTheKeyOrItsAbsence() {
        // The HTTP path may deliver a record without its Kafka key: the id must not change.
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        CanonicalChangeEvent withKey = change(r);
        CanonicalChangeEvent withoutKey = assertInstanceOf(Mapped.Change.class, mapper.map(TOPIC, null, r.value())).event();
        assertEquals(withKey.eventId(), withoutKey.eventId());
        assertEquals(withKey.primaryKey(), withoutKey.primaryKey(), "falls back to the id column");
    }

    @Test
    void transactionEndBecomesAnEndMarkerAndBeginIsSkipped() {
        List<Fixtures.RawRecord> markers = Fixtures.load("mariadb-transaction.txt");
        assertInstanceOf(Mapped.Skipped.class, mapper.map("pos.transaction", markers.get(0).key(), markers.get(0).value()));
        TransactionEnd end = assertInstanceOf(Mapped.End.class,
                mapper.map("pos.transaction", markers.get(1).key(), markers.get(1).value())).end();
        assertEquals("pos:0-7-25", end.transactionId());
        assertEquals("pos", end.source());
        assertEquals(1, end.eventCount());
        assertEquals(Map.of("pharmacy.type_probe", 1L), end.dataCollections());
        assertEquals(2, mapper.fastPathCount(), "markers are read from their payload; their schema is not needed");
    }

    @Test
    void schemaLessEventsKeepTheirPlainValues() throws Exception {
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        ObjectNode payload = (ObjectNode) json.readTree(r.value()).get("payload");
        CanonicalChangeEvent e = assertInstanceOf(Mapped.Change.class,
                mapper.map(TOPIC, r.key(), json.writeValueAsBytes(payload))).event();
        assertEquals("BM4=", e.after().get("d"), "without a schema a DECIMAL cannot be decoded: kept as sent");
        assertEquals(1795601730123L, e.after().get("dt"));
        assertEquals(change(r).eventId(), e.eventId(), "same position, same id, with or without schemas");
    }

    @Test
    void snapshotRowsAreMarkedAndBranchComesFromTheRow() throws Exception {
        String value = """
                {"before":null,"after":{"branch_id":3,"product_id":7,"quantity":5},
                 "source":{"version":"3.6.1.Final","connector":"mariadb","name":"pos","ts_ms":1795631205000,
                  "snapshot":"true","db":"pharmacy","table":"inventory","server_id":0,"gtid":null,
                  "file":"mb.000001","pos":400,"row":0},
                 "transaction":null,"op":"r","ts_ms":1795631205100}""";
        CanonicalChangeEvent a = assertInstanceOf(Mapped.Change.class, mapper.map("pos.pharmacy.inventory",
                "{\"branch_id\":3,\"product_id\":7}".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).event();
        assertEquals(Operation.READ, a.op());
        assertTrue(a.position().snapshot());
        assertNull(a.transactionId());
        assertEquals("3", a.branchId());
        assertEquals(Map.of("branch_id", 3L, "product_id", 7L), a.primaryKey());
        CanonicalChangeEvent b = assertInstanceOf(Mapped.Change.class, mapper.map("pos.pharmacy.inventory",
                "{\"branch_id\":3,\"product_id\":8}".getBytes(StandardCharsets.UTF_8),
                value.replace("\"product_id\":7", "\"product_id\":8").getBytes(StandardCharsets.UTF_8))).event();
        assertNotEquals(a.eventId(), b.eventId(), "snapshot rows share a position: the key tells them apart");
    }

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

    @Test
    void tombstonesAreSkipped() {
        assertInstanceOf(Mapped.Skipped.class, mapper.map(TOPIC, "{\"id\":1}".getBytes(StandardCharsets.UTF_8), (byte[]) null));
        assertInstanceOf(Mapped.Skipped.class, mapper.map(TOPIC, null, (ByteBuffer) null));
    }

    @Test
    void poisonMessagesAreRejectedWithAReason() {
        assertEquals("malformed JSON in value",
                assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("{\"op\":"))).getMessage()
                        .substring(0, 23));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("[1,2]")))
                .getMessage().contains("not an object"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("{\"a\":1}")))
                .getMessage().contains("no 'op'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"x\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":1},\"after\":{}}")))
                .getMessage().contains("unknown Debezium op"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"c\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"ts_ms\":1},\"after\":{}}")))
                .getMessage().contains("missing 'table'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"c\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":\"soon\"},\"after\":{}}")))
                .getMessage().contains("ts_ms"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"u\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":1}}")))
                .getMessage().contains("neither 'before' nor 'after'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map("pos.transaction", null,
                bytes("{\"status\":\"END\",\"id\":\"0-1-1\",\"event_count\":null}")))
                .getMessage().contains("event_count"));
    }

    @Test
    void decimalWithCorruptBase64IsRejectedWithoutQuotingTheValue() {
        String secret = "not-base64-SECRET";
        String value = """
                {"schema":{"type":"struct","fields":[{"type":"struct","field":"after","fields":[
                  {"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"},"field":"amount"}]}]},
                 "payload":{"op":"c","after":{"amount":"%s"},"source":{"name":"pos","db":"d","table":"t","ts_ms":1}}}"""
                .formatted(secret);
        RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes(value)));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void aNulCharacterIsRejectedBeforeItCanReachPostgres() throws Exception {
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        ObjectNode message = (ObjectNode) json.readTree(r.value());
        ((ObjectNode) message.get("payload").get("after")).put("n", "a\u0000b");
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> mapper.map(TOPIC, r.key(), json.writeValueAsBytes(message)));
        assertEquals("column 'n': contains a NUL character, which PostgreSQL cannot store", e.getMessage());
    }

    @Test
    void bitsWiderThanALongStayExact() {
        ColumnDecoder decoder = new ColumnDecoder(json);
        var field = json.createObjectNode().put("type", "bytes").put("name", "io.debezium.data.Bits");
        // 9 bytes, little-endian: only the highest byte set → 2^64
        Object value = decoder.decode(field, json.getNodeFactory().textNode("AAAAAAAAAAAB"));
        assertEquals(BigInteger.ONE.shiftLeft(64), value);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
