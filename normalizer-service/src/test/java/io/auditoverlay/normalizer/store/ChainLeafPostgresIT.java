package io.auditoverlay.normalizer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.integrity.ChainLink;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.normalizer.encoding.MessageEncoder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The leaf the normalizer computes from what it writes equals the leaf {@code verify} computes from
 * what PostgreSQL gives back, for values jsonb rewrites (key order, number spelling, escapes) and
 * for the COPY escapes; and any edit changes it. Leaf format 2 (what the normalizer writes: the JSON
 * hashed as written, in jsonb's spelling, against {@code jsonb::text} as returned), and format 1 (the
 * canonical form, which old links keep) over the same stored rows. Needs the PostgreSQL of the local stack.
 */
class ChainLeafPostgresIT {

    private final ObjectMapper json = AuditJson.configure(new ObjectMapper());
    private final MessageEncoder encoder = new MessageEncoder(json, true);

    @Test
    void writerAndReaderLeavesAgreeThroughPostgres() throws Exception {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("total", new BigDecimal("36.590"));
        after.put("big", new BigInteger("123456789012345678901234567890"));
        after.put("ratio", 1.0E10);
        after.put("tiny", 1.0E-7);
        after.put("note", "tab\there\nnew line, back\\slash, quote \" and é 😀 \u0001");
        after.put("nested", Map.of("z", List.of(1, "2", true), "a", Map.of()));
        after.put("none", null);
        after.put("flag", false);
        StringBuilder controls = new StringBuilder();
        for (char ch = 1; ch < 0x20; ch++) {
            controls.append(ch);
        }
        after.put("controls", controls + "\u007f/");
        after.put("keys", Map.of("bb", 1, "a", 2, "é", 3, "ab", 4, "中文", 5, "😀", 6, "z", List.of()));
        after.put("scale", List.of(new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("-0.0000000001"), new BigDecimal("0E-10")));
        after.put("doubles", List.of(-0.0, 4.9E-324, 1.7976931348623157E308, Double.NaN, 1.0E22, 0.1f));
        after.put("longs", List.of(Long.MIN_VALUE, Long.MAX_VALUE, new BigInteger("18446744073709551617")));
        after.put("quote\"key", Map.of());
        List<CanonicalChangeEvent> events = List.of(
                event(Operation.CREATE, null, after, Instant.parse("2026-11-25T10:15:30.123Z"), Instant.ofEpochSecond(1_790_000_000L, 1_500)),
                event(Operation.UPDATE, Map.of("total", 1), Map.of("total", 2), Instant.parse("2026-11-25T10:15:31Z"),
                        Instant.ofEpochSecond(1_790_000_000L, 2_500)),
                event(Operation.DELETE, Map.of("k", "v"), null, Instant.parse("2026-11-25T10:15:32Z"), null));
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE chain_probe (event_id uuid, source text, database_name text, table_name text, op text, "
                        + "primary_key jsonb, before jsonb, after jsonb, changed_columns text[], transaction_id text, "
                        + "transaction_order bigint, committed_at timestamptz, captured_at timestamptz, server_id bigint, "
                        + "binlog_file text, binlog_pos bigint, binlog_row integer, gtid text, snapshot boolean, branch_id text, "
                        + "schema_version integer) ON COMMIT DROP");
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY chain_probe (" + CopyRows.COLUMNS + ") FROM STDIN");
            for (CanonicalChangeEvent e : events) {
                byte[] line = encoder.encode(e).row().copyLine();
                copy.writeToCopy(line, 0, line.length);
            }
            copy.endCopy();
            String select = ChainedTable.CHANGE_EVENT.selectByIds().replace("changes.change_event", "chain_probe");
            for (CanonicalChangeEvent e : events) {
                StoredRow row = encoder.encode(e).row();
                assertArrayEquals(row.chainEntry().leaf(), readLeaf(c, select, e.eventId(), ChainLink.LEAF_JSONB_TEXT), e.op().name());
                assertArrayEquals(ChainedTable.changeLeafV2(e, row.primaryKey(), row.before(), row.after()), row.chainEntry().leaf());
                // Format 1 (old links): the canonical leaf of what is written equals the one verify computes from jsonb::text.
                byte[] v1 = ChainedTable.changeLeaf(e, row.primaryKey(), row.before(), row.after());
                assertArrayEquals(v1, readLeaf(c, select, e.eventId(), ChainLink.LEAF_CANONICAL), e.op().name() + " (format 1)");
                assertFalse(Arrays.equals(v1, row.chainEntry().leaf()), "the formats' leaves differ");
                assertEquals(row.after(), readText(c, e.eventId()), "the stored image reads back as written");
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE chain_probe SET after = jsonb_set(after, '{total}', '36.6') WHERE op = 'CREATE'");
            }
            StoredRow created = encoder.encode(events.get(0)).row();
            assertFalse(Arrays.equals(created.chainEntry().leaf(), readLeaf(c, select, events.get(0).eventId(), ChainLink.LEAF_JSONB_TEXT)));
            try (Statement s = c.createStatement()) { // an edit that keeps the value as jsonb sees it changes nothing: no false alarm
                s.execute("UPDATE chain_probe SET after = (after::text)::jsonb WHERE op = 'CREATE'");
                s.execute("UPDATE chain_probe SET after = jsonb_set(after, '{total}', '36.590') WHERE op = 'CREATE'");
            }
            assertArrayEquals(created.chainEntry().leaf(), readLeaf(c, select, events.get(0).eventId(), ChainLink.LEAF_JSONB_TEXT));
            try (Statement s = c.createStatement()) { // a scale jsonb keeps is a change (36.590 → 36.5900): format 2 sees it
                s.execute("UPDATE chain_probe SET after = jsonb_set(after, '{total}', '36.5900') WHERE op = 'CREATE'");
            }
            assertFalse(Arrays.equals(created.chainEntry().leaf(), readLeaf(c, select, events.get(0).eventId(), ChainLink.LEAF_JSONB_TEXT)));
            c.rollback();
        }
    }

    private static byte[] readLeaf(Connection c, String select, UUID id, int leafFormat) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setArray(1, c.createArrayOf("uuid", new Object[] {id}));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return ChainedTable.CHANGE_EVENT.leaf(rs, leafFormat);
            }
        }
    }

    private static String readText(Connection c, UUID id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT after::text FROM chain_probe WHERE event_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private static CanonicalChangeEvent event(Operation op, Map<String, Object> before, Map<String, Object> after, Instant committed,
            Instant captured) {
        return new CanonicalChangeEvent(UUID.randomUUID(), "pos1", "pharmacy", "sales", op, Map.of("id", 7), before, after,
                List.of("total", "we\"ird"), "pos1:0-1-7", 2L, committed, captured,
                new SourcePosition(1L, "mysql-bin.000003", 4711L, 0, op == Operation.DELETE ? "0-1-9" : null, false), "2", 1);
    }

    private static Connection connect() throws Exception {
        String url = "jdbc:postgresql://" + System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("AUDIT_DB_PORT", "5432") + "/postgres";
        return DriverManager.getConnection(url, System.getenv().getOrDefault("AUDIT_DB_USER", "postgres"),
                System.getenv().getOrDefault("AUDIT_DB_PASSWORD", ""));
    }
}
