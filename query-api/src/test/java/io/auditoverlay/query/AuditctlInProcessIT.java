package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** auditctl (in-process, over HTTP) against the running query-api. */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
class AuditctlInProcessIT {

    static final String BRANCH = AuditSchemas.branch(1);
    static final LocalDate DAY = LocalDate.of(2030, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(20_000));
    static long saleId;
    static UUID anomaly;
    static String brokenTx;

    @TestHTTPResource("/")
    URL url;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void data() {
        saleId = TrailFixture.next();
        Instant t = DAY.atTime(10, 0).toInstant(ZoneOffset.UTC);
        TrailFixture.Sale sale = TrailFixture.sale(BRANCH, saleId, "u7", t);
        anomaly = TrailFixture.anomaly(BRANCH, "HIGH", "OPEN", Instant.now(), List.of(sale.businessEventId()));
        TrailFixture.summary(BRANCH, DAY, "Branch sold 12 items, one void.");
        // the next day: a transaction whose END announced 3 row events, of which 2 were stored
        Instant t2 = t.plusSeconds(86_400);
        brokenTx = TrailFixture.transactionId();
        TrailFixture.change(BRANCH, "sales", "UPDATE", "{\"id\":1}", "{}", "{}", brokenTx, 1, t2);
        TrailFixture.change(BRANCH, "refunds", "CREATE", "{\"id\":2}", null, "{}", brokenTx, 2, t2);
        TrailFixture.sourceTransaction(brokenTx, 3, t2);
    }

    Run run(String token, String... args) {
        Map<String, String> env = new HashMap<>();
        if (token != null) {
            env.put("AUDIT_TOKEN", token);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--url";
        full[1] = url.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int exit = AuditCtl.commandLine(new AuditCtl(env)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void summaryAsTableAndJson() throws Exception {
        Run table = run(Tokens.AUDITOR, "summary", "--date", DAY.toString(), "--branch", BRANCH);
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("Branch sold 12 items"), table.out());
        assertTrue(table.out().contains("sales"), table.out());
        Run json = run(Tokens.AUDITOR, "summary", "--date", DAY.toString(), "--branch", BRANCH, "--output", "json");
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertEquals(12, node.path("facts").path("sales").asInt());
        Run missing = run(Tokens.AUDITOR, "summary", "--date", DAY.minusDays(1).toString(), "--branch", BRANCH);
        assertEquals(ExitCodes.NOT_FOUND, missing.exit());
        assertTrue(missing.err().contains("no summary"), missing.err());
    }

    @Test
    void anomaliesAckAndDismiss() {
        Run list = run(Tokens.AUDITOR, "anomalies", "--branch", BRANCH, "--severity", "HIGH", "--since", "1h");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(anomaly.toString()), list.out());
        assertTrue(list.out().startsWith("ID "), list.out());
        Run bad = run(Tokens.AUDITOR, "anomalies", "--severity", "URGENT");
        assertEquals(ExitCodes.REJECTED, bad.exit());
        assertTrue(bad.err().contains("severity must be one of"), bad.err());
        assertEquals(ExitCodes.USAGE, run(Tokens.AUDITOR, "dismiss", anomaly.toString()).exit(), "dismiss needs --note");
        Run ack = run(Tokens.MANAGER, "ack", anomaly.toString(), "--note", "checking the CCTV");
        assertEquals(0, ack.exit(), ack.err());
        assertTrue(ack.out().contains("ACKNOWLEDGED (by test-manager"), ack.out());
        Run dismiss = run(Tokens.AUDITOR, "dismiss", anomaly.toString(), "--note", "training");
        assertEquals(0, dismiss.exit(), dismiss.err());
        assertTrue(dismiss.out().contains("DISMISSED"), dismiss.out());
        Run denied = run(Tokens.AGENT, "ack", anomaly.toString());
        assertEquals(ExitCodes.DENIED, denied.exit());
    }

    @Test
    void traceShowsBinlogPositions() {
        Run trace = run(Tokens.AUDITOR, "trace", "sale:" + saleId);
        assertEquals(0, trace.exit(), trace.err());
        assertTrue(trace.out().contains("sale.completed"), trace.out());
        assertTrue(trace.out().contains("pharmacy.inventory_adjustments"), trace.out());
        assertTrue(trace.out().contains("@ mb.000001:"), trace.out());
        assertEquals(ExitCodes.NOT_FOUND, run(Tokens.AUDITOR, "trace", "sale:none-" + saleId).exit());
    }

    @Test
    void exportWritesTheFile() throws Exception {
        Path file = Files.createTempFile("export", ".csv");
        Run export = run(Tokens.AUDITOR, "export", "--from", DAY.toString(), "--to", DAY.plusDays(1).toString(), "--format", "csv",
                "--kind", "changes", "--branch", BRANCH, "--out", file.toString(), "--no-progress");
        assertEquals(0, export.exit(), export.err());
        assertEquals(8, Files.readAllLines(file).size(), "header and 7 rows");
        assertTrue(export.err().contains("Exported 7 rows"), export.err());
        Run bad = run(Tokens.AUDITOR, "export", "--from", "last week", "--to", DAY.toString(), "--out", file.toString());
        assertEquals(ExitCodes.REJECTED, bad.exit(), bad.err());
    }

    @Test
    void verifyFindsAnIncompleteTransaction() {
        Run good = run(Tokens.AUDITOR, "verify", "--from", DAY.toString(), "--to", DAY.plusDays(1).toString());
        assertEquals(0, good.exit(), good.out() + good.err());
        assertTrue(good.out().contains("1 transactions checked, 0 incomplete"), good.out());
        Run broken = run(Tokens.AUDITOR, "verify", "--from", DAY.plusDays(1).toString(), "--to", DAY.plusDays(2).toString());
        assertEquals(ExitCodes.INTEGRITY, broken.exit(), broken.out());
        assertTrue(broken.out().contains(brokenTx + ": END says 3 row events, 2 stored"), broken.out());
        Run manager = run(Tokens.MANAGER, "verify");
        assertEquals(0, manager.exit(), manager.err());
        assertTrue(manager.out().contains("needs an auditor token"), manager.out());
    }

    @Test
    void clearErrorsWithoutAToken() {
        Run none = run(null, "anomalies");
        assertEquals(ExitCodes.DENIED, none.exit());
        assertTrue(none.err().contains("AUDIT_TOKEN"), none.err());
        Run unreachable = AuditctlInProcessIT.this.runAt("http://127.0.0.1:9", "anomalies");
        assertEquals(ExitCodes.UNREACHABLE, unreachable.exit());
    }

    @Test
    void accessLogShowsWhoAskedWhat() {
        Run summary = run(Tokens.MANAGER, "summary", "--date", DAY.toString(), "--branch", BRANCH);
        assertEquals(ExitCodes.OK, summary.exit(), summary.err());
        Run refused = run(Tokens.MANAGER, "access-log");
        assertEquals(ExitCodes.DENIED, refused.exit(), refused.out());
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            Run json = run(Tokens.AUDITOR, "-o", "json", "access-log", "--actor", "test-manager", "--status", "403");
            return json.exit() == 0 && json.out().contains("\"path\" : \"/api/v1/access-log\"");
        });
        Run log = run(Tokens.AUDITOR, "access-log", "--actor", "test-manager", "--limit", "500");
        assertEquals(ExitCodes.OK, log.exit(), log.err());
        assertTrue(log.out().lines().anyMatch(l -> l.contains("branch-manager") && l.contains("REST")
                && l.contains("GET /api/v1/summaries/" + DAY)), log.out());
    }

    @Test
    void completionScript() {
        Run completion = run(null, "completion");
        assertEquals(0, completion.exit());
        assertTrue(completion.out().contains("complete -F"), completion.out());
    }

    Run runAt(String base, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "--url";
        full[1] = base;
        System.arraycopy(args, 0, full, 2, args.length);
        int exit = AuditCtl.commandLine(new AuditCtl(Map.of("AUDIT_TOKEN", Tokens.AUDITOR))).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(full);
        return new Run(exit, out.toString(), err.toString());
    }
}
