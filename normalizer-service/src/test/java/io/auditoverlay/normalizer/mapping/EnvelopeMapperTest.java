package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.TransactionEnd;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a Debezium record becomes: operations, positions, ids, markers, snapshot rows, skipped records. */
class EnvelopeMapperTest extends MapperHarness {

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
    void tombstonesAreSkipped() {
        assertInstanceOf(Mapped.Skipped.class, mapper.map(TOPIC, "{\"id\":1}".getBytes(StandardCharsets.UTF_8), (byte[]) null));
        assertInstanceOf(Mapped.Skipped.class, mapper.map(TOPIC, null, (ByteBuffer) null));
    }
}
