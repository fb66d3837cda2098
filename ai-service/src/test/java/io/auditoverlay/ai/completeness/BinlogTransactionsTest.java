package io.auditoverlay.ai.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Binlog events as MariaDB 10.11's SHOW BINLOG EVENTS lists them (seen on the local stack). */
class BinlogTransactionsTest {

    private final BinlogTransactions tx = new BinlogTransactions(Set.of("pharmacy"), Set.of(), Map.of(0L, 23L));
    private long pos = 1000;

    @Test
    void consecutiveRowTransactionsAreWrittenAndFindNothing() {
        row(24, "pharmacy.inventory");
        row(25, "pharmacy.sales");
        assertEquals(List.of(), tx.findings());
        assertEquals(List.of("0-7-24", "0-7-25"), tx.written().stream().map(BinlogTransactions.Written::gtid).toList());
        assertEquals(Map.of(0L, 25L), tx.lastSeq());
    }

    @Test
    void aJumpInTheSequenceIsAHole() {
        row(24, "pharmacy.inventory");
        row(28, "pharmacy.inventory");
        assertEquals(1, tx.findings().size());
        Finding hole = tx.findings().get(0);
        assertEquals("capture.gtid-hole", hole.detector());
        assertEquals("0-7-25..0-7-27", hole.identity());
        assertTrue(hole.text().contains("jumps from sequence 24 to 28"), hole.text());
    }

    @Test
    void ddlAndTruncateOnTheAuditedDatabaseAreFoundOthersAreNot() {
        ddl(24, "use `pharmacy`; ALTER TABLE inventory ADD COLUMN bin VARCHAR(8)");
        ddl(25, "use `pharmacy`; TRUNCATE TABLE inventory");
        ddl(26, "CREATE USER 'x'@'%' IDENTIFIED BY PASSWORD '*00'");
        ddl(27, "use `other`; DROP TABLE t");
        ddl(28, "DROP DATABASE pharmacy");
        assertEquals(List.of("capture.ddl", "capture.truncate", "capture.ddl"), tx.findings().stream().map(Finding::detector).toList());
        assertTrue(tx.findings().get(2).text().contains("DROP DATABASE pharmacy"));
        assertEquals(List.of(), tx.written());
    }

    @Test
    void rowsOfOtherDatabasesAreNotAudited() {
        row(24, "mysql.user");
        assertEquals(List.of(), tx.written());
    }

    @Test
    void anOpenTransactionIsWhereTheNextRunResumes() {
        long start = pos;
        event("Gtid", "BEGIN GTID 0-7-24");
        event("Table_map", "table_id: 26 (pharmacy.inventory)");
        assertTrue(tx.open());
        assertEquals(start, tx.openPos());
        assertEquals(Map.of(0L, 23L), tx.lastSeq(), "the open transaction's sequence is not yet counted");
        event("Xid", "COMMIT /* xid=31 */");
        assertFalse(tx.open());
        assertEquals(Map.of(0L, 24L), tx.lastSeq());
    }

    private void row(long seq, String table) {
        event("Gtid", "BEGIN GTID 0-7-" + seq);
        event("Annotate_rows", "UPDATE …");
        event("Table_map", "table_id: 26 (" + table + ")");
        event("Update_rows_v1", "table_id: 26 flags: STMT_END_F");
        event("Xid", "COMMIT /* xid=31 */");
    }

    private void ddl(long seq, String statement) {
        event("Gtid", "GTID 0-7-" + seq);
        event("Query", statement);
    }

    private void event(String type, String info) {
        tx.accept(new BinlogEvent("mb.000001", pos, type, pos + 40, info));
        pos += 40;
    }
}
