package io.auditoverlay.query.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.model.integrity.ChainLink;
import io.auditoverlay.model.integrity.PackedLink;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code auditctl retention} against the real audit database: an expired month of
 * changes.change_event is sealed, archived, verified and detached while the month after it stays;
 * the archive verifies on its own against its signed seal, and no longer once a row in it is
 * rewritten (its file hash recomputed to match). Each run uses months of its own in 1960–1979. The
 * expired month holds links of both leaf formats (1, written before format 2; 2, what the normalizer
 * writes now): the packed positions' version byte travels with the links and the archive verifies each.
 */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class RetentionTest {

    static final String BRANCH = AuditSchemas.branch(1);

    record Run(int exit, String out, String err) {
    }

    static Map<String, String> env() {
        String url = System.getProperty("audit.test.jdbc-url");
        String hostPortDb = url.substring("jdbc:postgresql://".length());
        Map<String, String> env = new HashMap<>();
        env.put("AUDIT_DB_HOST", hostPortDb.substring(0, hostPortDb.indexOf(':')));
        env.put("AUDIT_DB_PORT", hostPortDb.substring(hostPortDb.indexOf(':') + 1, hostPortDb.indexOf('/')));
        env.put("AUDIT_DB_NAME", hostPortDb.substring(hostPortDb.indexOf('/') + 1));
        env.put("AUDIT_DB_OWNER", System.getenv().getOrDefault("AUDIT_DB_USER", "postgres"));
        return env;
    }

    static Run auditctl(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditCtl.commandLine(new AuditCtl(env)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static void superuser(String... sql) throws SQLException {
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static long count(String sql) throws SQLException {
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String partition(YearMonth m) {
        return String.format("change_event_%04d_%02d", m.getYear(), m.getMonthValue());
    }

    static boolean attached(YearMonth m) throws SQLException {
        return count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'changes.change_event'::regclass "
                + "AND inhrelid = to_regclass('changes." + partition(m) + "')") == 1;
    }

    static String detachedName(YearMonth m) throws SQLException {
        try (Connection c = AuditSchemas.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT relname FROM pg_class WHERE relname LIKE '" + partition(m) + "_detached_%' ORDER BY relname DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "missing_" + partition(m);
        }
    }

    @Test
    void anExpiredMonthIsArchivedVerifiedAndDetached_theNextMonthStays() throws Exception {
        YearMonth old = YearMonth.of(1960, 1).plusMonths(ThreadLocalRandom.current().nextInt(238));
        YearMonth younger = old.plusMonths(1);
        TrailFixture.Sale expired = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", old.atDay(10).atTime(10, 0).toInstant(ZoneOffset.UTC));
        TrailFixture.Sale expired2 = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", old.atDay(11).atTime(10, 0).toInstant(ZoneOffset.UTC),
                ChainLink.LEAF_JSONB_TEXT);
        TrailFixture.Sale kept = TrailFixture.sale(BRANCH, TrailFixture.next(), "u1", younger.atDay(10).atTime(10, 0).toInstant(ZoneOffset.UTC),
                ChainLink.LEAF_JSONB_TEXT);
        String expiredTx = "('" + expired.transactionId() + "', '" + expired2.transactionId() + "')";
        // Stored on a day of its own in the past (a day is sealed once it is over): rows and links moved there.
        LocalDate day = old.atDay(15);
        String storedAt = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
        superuser("SET session_replication_role = replica",
                "UPDATE changes.chain_link l SET linked_at = '" + storedAt + "' WHERE " + PackedLink.idsSql("l") + " && (SELECT array_agg(event_id) "
                        + "FROM changes.change_event WHERE transaction_id IN " + expiredTx + ")",
                "UPDATE changes.change_event SET stored_at = '" + storedAt + "' WHERE transaction_id IN " + expiredTx);
        Map<String, String> env = env();
        String months = Long.toString(ChronoUnit.MONTHS.between(younger, YearMonth.now(ZoneOffset.UTC)));
        Path dir = Files.createTempDirectory("retention");
        Path key = dir.resolve("seal.key");
        assertEquals(0, auditctl(env, "seal", "keygen", "--out", key.toString()).exit());

        Run plan = auditctl(env, "retention", "--changes-months", months);
        assertEquals(ExitCodes.OK, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains(partition(old) + " ") && plan.out().contains("EXPIRED"), plan.out());
        assertTrue(plan.out().lines().anyMatch(l -> l.contains(partition(younger)) && l.strip().endsWith("kept")), plan.out());
        assertTrue(attached(old), "the plan changes nothing");

        Path archives = dir.resolve("archive");
        Run apply = auditctl(env, "retention", "--apply", "--changes-months", months, "--archive-dir", archives.toString(),
                "--seal-key", key.toString());
        assertEquals(ExitCodes.OK, apply.exit(), apply.out() + apply.err());
        System.out.print(apply.out());
        assertFalse(attached(old), apply.out());
        assertTrue(attached(younger), apply.out());
        assertEquals(14, count("SELECT count(*) FROM changes." + detachedName(old)), "detached and renamed, not dropped");
        assertEquals(0, count("SELECT count(*) FROM changes.change_event WHERE transaction_id IN " + expiredTx));
        assertEquals(7, count("SELECT count(*) FROM changes.change_event WHERE transaction_id = '" + kept.transactionId() + "'"));
        assertEquals(1, count("SELECT count(*) FROM api.access_log WHERE method = 'RETENTION' AND path = 'changes." + partition(old)
                + "' AND tool = 'archive, detach'"));
        assertEquals(1, count("SELECT count(*) FROM api.daily_seal WHERE table_name = 'changes.change_event' AND day = '" + day + "'"));
        Path archive;
        try (Stream<Path> s = Files.list(archives)) {
            archive = s.filter(p -> p.getFileName().toString().startsWith(partition(old))).findFirst().orElseThrow();
        }
        assertTrue(Files.readString(archive.resolve("manifest.json")).contains("\"rows\" : 14"), Files.readString(archive.resolve("manifest.json")));
        assertTrue(Files.exists(archive.resolve("seal-" + day + ".json")));
        // The archived links keep their version byte (row_positions_packed, the last column; COPY text spells bytea \\x…).
        String links = gunzip(archive.resolve("links.copy.gz"));
        for (int format : new int[] {ChainLink.LEAF_CANONICAL, ChainLink.LEAF_JSONB_TEXT}) {
            assertTrue(links.lines().filter(l -> l.substring(l.lastIndexOf('\t') + 1).startsWith("\\\\x0" + format)).count() >= 7, links);
        }

        Run verified = auditctl(env, "retention", "verify-archive", archive.toString(), "--public-key", key + ".pub");
        assertEquals(ExitCodes.OK, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().contains("match: OK"), verified.out());

        // One value rewritten in the archived rows, the file's hash in the manifest recomputed to match: the seal still tells.
        // Once in a row of a format-1 link, once in a row of a format-2 link (the one with a note).
        forgeAndVerify(env, archive, dir.resolve("forged1"), line -> line.contains("\"total\": 12.50") && !line.contains("\"note\""));
        forgeAndVerify(env, archive, dir.resolve("forged2"), line -> line.contains("\"total\": 12.50") && line.contains("\"note\""));
    }

    private static void forgeAndVerify(Map<String, String> env, Path archive, Path forged, Predicate<String> row) throws Exception {
        Files.createDirectories(forged);
        try (Stream<Path> s = Files.list(archive)) {
            for (Path f : s.toList()) {
                Files.copy(f, forged.resolve(f.getFileName()));
            }
        }
        String rows = gunzip(forged.resolve("rows.copy.gz"));
        String line = rows.lines().filter(row).findFirst().orElseThrow(() -> new AssertionError(rows));
        gzip(forged.resolve("rows.copy.gz"), rows.replace(line, line.replace("\"total\": 12.50", "\"total\": 1.25")));
        String manifest = Files.readString(forged.resolve("manifest.json"));
        String oldSha = manifest.replaceAll("(?s).*\"rows.copy.gz\" : \\{\\s*\"sha256\" : \"([0-9a-f]+)\".*", "$1");
        Files.writeString(forged.resolve("manifest.json"), manifest.replace(oldSha, sha256(forged.resolve("rows.copy.gz"))));
        Run tampered = auditctl(env, "retention", "verify-archive", forged.toString());
        assertEquals(ExitCodes.INTEGRITY, tampered.exit(), tampered.out() + tampered.err());
        assertTrue(tampered.out().contains("the row was changed after it was stored"), tampered.out());
        assertTrue(tampered.out().contains(line.substring(0, 36)), "names the forged row: " + tampered.out());
    }

    @Test
    void accessLogCacheAndLogsPastTheirTimeGo_youngerOnesStay() throws Exception {
        String actor = "retention-" + AuditSchemas.RUN;
        superuser("INSERT INTO api.access_log (at, actor, role, channel, status, duration_ms) VALUES "
                + "('1970-01-02T00:00:00Z', '" + actor + "', 'auditor', 'REST', 200, 1), (now(), '" + actor + "', 'auditor', 'REST', 200, 1)",
                "INSERT INTO insights.llm_cache (prompt_hash, model, response, created_at) VALUES ('old-" + actor + "', 'm', 'r', "
                        + "'1970-01-02T00:00:00Z'), ('new-" + actor + "', 'm', 'r', now())");
        Path dir = Files.createTempDirectory("retention");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path oldLog = Files.writeString(logs.resolve("query-api.json.log.1"), "old");
        Files.setLastModifiedTime(oldLog, FileTime.from(Instant.parse("1970-01-02T00:00:00Z")));
        Path newLog = Files.writeString(logs.resolve("query-api.json.log"), "new");
        Run apply = auditctl(env(), "retention", "--apply", "--access-log-days", "3650", "--llm-cache-days", "3650", "--logs-dir",
                logs.toString(), "--logs-days", "30", "--archive-dir", dir.resolve("archive").toString());
        assertEquals(ExitCodes.OK, apply.exit(), apply.out() + apply.err());
        assertEquals(1, count("SELECT count(*) FROM api.access_log WHERE actor = '" + actor + "'"), apply.out());
        assertEquals(1, count("SELECT count(*) FROM api.access_log WHERE actor = '" + actor + "' AND at > now() - interval '1 day'"));
        assertEquals(0, count("SELECT count(*) FROM insights.llm_cache WHERE prompt_hash = 'old-" + actor + "'"));
        assertEquals(1, count("SELECT count(*) FROM insights.llm_cache WHERE prompt_hash = 'new-" + actor + "'"));
        assertFalse(Files.exists(oldLog));
        assertTrue(Files.exists(newLog));
        try (Stream<Path> s = Files.list(dir.resolve("archive"))) {
            Path export = s.filter(p -> p.toString().endsWith(".copy.gz")).findFirst().orElseThrow();
            assertTrue(gunzip(export).contains(actor), "the deleted rows were exported first");
        }
        assertTrue(count("SELECT count(*) FROM api.access_log WHERE method = 'RETENTION' AND path = 'api.access_log'") >= 1);
    }

    @Test
    void aServiceRoleIsRefused_evenWithReadRights() throws Exception {
        String role = "audit_br_svc_" + AuditSchemas.RUN.replace('-', '_');
        superuser("DROP ROLE IF EXISTS " + role, "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA changes, api TO " + role, "GRANT SELECT ON ALL TABLES IN SCHEMA changes TO " + role);
        try {
            Map<String, String> env = env();
            env.put("AUDIT_DB_OWNER", role);
            Run refused = auditctl(env, "retention", "--changes-months", "1");
            assertEquals(ExitCodes.FAILURE, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.err().contains("never as a service role"), refused.err());
        } finally {
            superuser("DROP OWNED BY " + role, "DROP ROLE IF EXISTS " + role);
        }
    }

    static String gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file)); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    static void gzip(Path file, String text) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
