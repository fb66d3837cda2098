package io.auditoverlay.query.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.model.integrity.ChainLink;
import io.auditoverlay.model.integrity.PackedLink;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tampering with the trail as the database superuser, each time on rows of its own written just
 * before: {@code auditctl verify} exits 7 and names the first broken link. Each case verifies only
 * the storage-time range of its own rows (the test database keeps what earlier runs broke).
 */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainTamperIT {

    static final String BRANCH = AuditSchemas.branch(1);
    /** Commit times in a month of their own, so that a truncated partition holds only this run's rows. */
    static final Instant COMMITTED = LocalDate.of(2040, 1, 1).plusMonths(ThreadLocalRandom.current().nextInt(600))
            .atTime(10, 0).toInstant(ZoneOffset.UTC);

    @TestHTTPResource("/")
    URL url;

    record Run(int exit, String out, String err) {
    }

    Run auditctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--url";
        full[1] = url.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int exit = AuditCtl.commandLine(new AuditCtl(Map.of("AUDIT_TOKEN", Tokens.AUDITOR))).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    Run verifySince(Instant start, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "verify";
        args[1] = "--from";
        args[2] = start.toString();
        args[3] = "--to=" + Instant.now().plusSeconds(1);
        System.arraycopy(more, 0, args, 4, more.length);
        return auditctl(args);
    }

    static void superuser(String... sql) {
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String month(Instant t) {
        return "changes.change_event_" + t.atOffset(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7).replace('-', '_');
    }

    @Test
    @Order(1)
    void cleanTrailVerifies_andAStatusChangeIsChained() {
        Instant start = Instant.now();
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        UUID anomaly = TrailFixture.anomaly(BRANCH, "HIGH", "OPEN", Instant.now(), List.of(sale.businessEventId()));
        Run ack = auditctl("ack", anomaly.toString(), "--note", "seen");
        assertEquals(0, ack.exit(), ack.err());
        Run ok = verifySince(start);
        assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("changes.change_event") && ok.out().contains("7 rows recomputed"), ok.out());
        assertTrue(ok.out().contains("insights.anomaly_status_change") && ok.out().contains("1 links"), ok.out());
        assertTrue(ok.out().strip().endsWith("OK"), ok.out());
    }

    @Test
    @Order(2)
    void historyRefusesTruncateUpdateAndDelete_evenToTheSuperuser() {
        TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        for (String sql : List.of("TRUNCATE changes.change_event", "TRUNCATE " + month(COMMITTED), "TRUNCATE business.business_event",
                "TRUNCATE changes.chain_link", "UPDATE business.business_event SET type = type WHERE branch_id = '" + BRANCH + "'",
                "DELETE FROM changes.chain_link", "DELETE FROM insights.anomaly_status_change",
                "DELETE FROM changes.source_transaction")) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }, sql);
            assertTrue(e.getMessage().contains("append-only"), sql + ": " + e.getMessage());
        }
    }

    @Test
    @Order(3)
    void anEditedValueWithTheTriggerDisabledIsNamed() {
        Instant start = Instant.now();
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        UUID edited = sale.changeIds().get(0);
        superuser("ALTER TABLE changes.change_event DISABLE TRIGGER change_event_append_only",
                "UPDATE changes.change_event SET after = jsonb_set(after, '{total}', '0.01') WHERE event_id = '" + edited + "'",
                "ALTER TABLE changes.change_event ENABLE TRIGGER change_event_append_only");
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("FIRST BROKEN LINK  table changes.change_event, source qa"), broken.out());
        assertTrue(broken.out().contains("event id " + edited + ", position mb.000001:"), broken.out());
        assertTrue(broken.out().contains("the row was changed after it was stored"), broken.out());
        assertTrue(broken.out().strip().endsWith("TAMPERED"), broken.out());
    }

    @Test
    @Order(4)
    void aDeletedTransactionIsNamed() {
        Instant start = Instant.now();
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        superuser("SET session_replication_role = replica",
                "DELETE FROM changes.change_event WHERE transaction_id = '" + sale.transactionId() + "'",
                "DELETE FROM changes.source_transaction WHERE transaction_id = '" + sale.transactionId() + "'");
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("event id " + sale.changeIds().get(0)), broken.out());
        assertTrue(broken.out().contains("the row is missing"), broken.out());
    }

    @Test
    @Order(5)
    void aTruncatedPartitionIsNamed() {
        Instant start = Instant.now();
        Instant own = COMMITTED.plus(Duration.ofDays(400));
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", own);
        superuser("ALTER TABLE " + month(own) + " DISABLE TRIGGER no_truncate", "TRUNCATE " + month(own));
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("table changes.change_event"), broken.out());
        assertTrue(broken.out().contains("the row is missing"), broken.out());
        assertTrue(sale.changeIds().stream().anyMatch(id -> broken.out().contains("event id " + id)), broken.out());
    }

    @Test
    @Order(6)
    void anEditedBusinessEventIsNamed() {
        Instant start = Instant.now();
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        superuser("ALTER TABLE business.business_event DISABLE TRIGGER business_event_append_only",
                "UPDATE business.business_event SET attributes = '{\"total\": 0.01}' WHERE id = '" + sale.businessEventId() + "'",
                "ALTER TABLE business.business_event ENABLE TRIGGER business_event_append_only");
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("table business.business_event, source qa"), broken.out());
        assertTrue(broken.out().contains("event id " + sale.businessEventId()), broken.out());
    }

    @Test
    @Order(7)
    void anExportedSealVerifies_andNoLongerOnceTheDayIsRewritten() throws Exception {
        // A day of its own in the past: the rows and links of a sale, moved there (linked_at is not hashed).
        LocalDate day = LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(7_000));
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        String to = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
        superuser("SET session_replication_role = replica",
                "UPDATE changes.chain_link l SET linked_at = '" + to + "' WHERE " + PackedLink.idsSql("l") + " && (SELECT array_agg(event_id) "
                        + "FROM changes.change_event WHERE transaction_id = '" + sale.transactionId() + "')",
                "UPDATE business.chain_link SET linked_at = '" + to + "' WHERE row_ids && ARRAY['" + sale.businessEventId() + "']",
                "UPDATE changes.change_event SET stored_at = '" + to + "' WHERE transaction_id = '" + sale.transactionId() + "'",
                "UPDATE business.business_event SET stored_at = '" + to + "' WHERE transaction_id = '" + sale.transactionId() + "'");
        Path key = Files.createTempDirectory("seal").resolve("seal.key");
        Run keygen = auditctl("seal", "keygen", "--out", key.toString());
        assertEquals(0, keygen.exit(), keygen.err());
        Path file = key.resolveSibling("seal.json");
        Run export = auditctl("seal", "export", "--day", day.toString(), "--key", key.toString(), "--out", file.toString());
        assertEquals(0, export.exit(), export.out() + export.err());
        assertTrue(export.out().contains("2 seals signed"), export.out());
        Run ok = auditctl("verify", "--seal", file.toString(), "--public-key", key + ".pub");
        assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("2 seals match"), ok.out());

        // A forged file: one number changed, the signature no longer verifies.
        Path forged = key.resolveSibling("forged.json");
        Files.writeString(forged, Files.readString(file).replace("\"rows\" : 7", "\"rows\" : 6"));
        Run bad = auditctl("verify", "--seal", forged.toString());
        assertEquals(ExitCodes.INTEGRITY, bad.exit(), bad.out());
        assertTrue(bad.out().contains("does not verify"), bad.out());

        // The day rewritten consistently (a link dropped at the end of the chain): only the seal tells.
        superuser("SET session_replication_role = replica", "DELETE FROM business.chain_link WHERE linked_at = '" + to + "'",
                "DELETE FROM business.business_event WHERE id = '" + sale.businessEventId() + "'");
        Run rewritten = auditctl("verify", "--seal", file.toString());
        assertEquals(ExitCodes.INTEGRITY, rewritten.exit(), rewritten.out());
        assertTrue(rewritten.out().contains("SEAL MISMATCH  seal of business.business_event qa " + day), rewritten.out());
    }

    static long count(String sql) {
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String linksOf(TrailFixture.Sale sale) {
        return "FROM changes.chain_link l WHERE " + PackedLink.idsSql("l") + " && (SELECT array_agg(event_id) FROM changes.change_event "
                + "WHERE transaction_id = '" + sale.transactionId() + "')";
    }

    @Test
    @Order(8)
    void format2LinksVerifyBesideFormat1Links_andAnEditJsonbKeepsIsNamed() {
        Instant start = Instant.now();
        TrailFixture.Sale old = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED);
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED, ChainLink.LEAF_JSONB_TEXT);
        assertEquals(7, count("SELECT count(*) " + linksOf(old) + " AND l.row_positions_packed IS NOT NULL AND get_byte(l.row_positions_packed, 0) = 1"));
        assertEquals(7, count("SELECT count(*) " + linksOf(sale) + " AND get_byte(l.row_positions_packed, 0) = 2"));
        Run ok = verifySince(start);
        assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("14 rows recomputed"), ok.out());
        assertTrue(ok.out().strip().endsWith("OK"), ok.out());

        // The same number at another scale: format 1's canonical form cannot tell, format 2 hashes jsonb's text and does.
        UUID edited = sale.changeIds().get(0);
        superuser("ALTER TABLE changes.change_event DISABLE TRIGGER change_event_append_only",
                "UPDATE changes.change_event SET after = jsonb_set(after, '{total}', '12.5') WHERE event_id = '" + edited + "'",
                "ALTER TABLE changes.change_event ENABLE TRIGGER change_event_append_only");
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("event id " + edited + ", position mb.000001:"), broken.out());
        assertTrue(broken.out().contains("the row was changed after it was stored"), broken.out());
    }

    @Test
    @Order(9)
    void aFormat2LinkMarkedFormat1IsNamedRewritten() {
        Instant start = Instant.now();
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", COMMITTED, ChainLink.LEAF_JSONB_TEXT);
        Run ok = verifySince(start);
        assertEquals(ExitCodes.OK, ok.exit(), ok.out() + ok.err());
        superuser("SET session_replication_role = replica", "UPDATE changes.chain_link l SET row_positions_packed = "
                + "set_byte(row_positions_packed, 0, 1) " + linksOf(sale).substring(linksOf(sale).indexOf("WHERE")));
        Run broken = verifySince(start);
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains("FIRST BROKEN LINK  table changes.change_event, source qa"), broken.out());
        assertTrue(broken.out().contains("the link was rewritten"), broken.out());
    }
}
