package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.normalizer.masking.ColumnMasker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Debezium's schema-change records (captured from Debezium Server 3.6.1 on MariaDB with
 * {@code include.schema.changes=true}: the snapshot's SET and CREATE TABLE, then a CREATE, an
 * ALTER and a DROP while streaming) mapped to DDL changes.
 */
class SchemaChangesTest {

    private final EnvelopeMapper mapper = new EnvelopeMapper(AuditJson.mapper(), new ColumnMasker(List.of()),
            new BranchResolver("branch_id", Map.of(), Map.of("pos", "99"), Optional.empty()), Map.of());
    private final List<Fixtures.RawRecord> records = Fixtures.load("mariadb-ddl.txt");

    private Mapped map(int i) {
        return mapper.map("pos", records.get(i).key(), records.get(i).value());
    }

    @Test
    void theSnapshotsSchemaRecordsAreNotChanges() {
        assertEquals("schema read by the snapshot", assertInstanceOf(Mapped.Skipped.class, map(0)).why(), "SET character_set_server");
        assertEquals("schema read by the snapshot", assertInstanceOf(Mapped.Skipped.class, map(1)).why(), "CREATE TABLE branches");
    }

    @Test
    void aStreamedDdlStatementIsADdlChangeOfItsTable() {
        CanonicalChangeEvent e = assertInstanceOf(Mapped.Change.class, map(3)).event();
        assertEquals(Operation.DDL, e.op());
        assertEquals("pos", e.source());
        assertEquals("pharmacy", e.database());
        assertEquals("ddl_probe", e.table());
        assertEquals(Map.of(), e.primaryKey());
        assertNull(e.before());
        assertEquals("ALTER TABLE ddl_probe ADD COLUMN extra INT NULL", e.after().get("ddl"));
        assertEquals("ALTER", e.after().get("change"));
        assertEquals(List.of(), e.changedColumns());
        assertNull(e.transactionId(), "DDL comes without transaction metadata");
        assertEquals("0-7-25", e.position().gtid());
        assertEquals(13008L, e.position().pos());
        assertEquals("99", e.branchId());
        assertEquals(false, e.position().snapshot());
    }

    @Test
    void createAlterAndDropAreThreeChangesWithIdsOfTheirOwn() {
        CanonicalChangeEvent create = assertInstanceOf(Mapped.Change.class, map(2)).event();
        CanonicalChangeEvent drop = assertInstanceOf(Mapped.Change.class, map(4)).event();
        assertEquals("CREATE", create.after().get("change"));
        assertEquals("DROP", drop.after().get("change"));
        assertNotEquals(create.eventId(), drop.eventId());
        assertEquals(create.eventId(), assertInstanceOf(Mapped.Change.class, map(2)).event().eventId(), "the same record, the same id");
    }

    @Test
    void debeziumsTableIdIsSplitIntoDatabaseAndTable() {
        assertEquals(List.of("pharmacy", "sales"), List.of(SchemaChanges.split("\"pharmacy\".\"sales\"")));
        assertEquals("t", SchemaChanges.split("t")[1]);
    }
}
