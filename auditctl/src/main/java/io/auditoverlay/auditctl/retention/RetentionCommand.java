package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.model.integrity.SealSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "retention", description = {
    "Retention of the trail and its by-products (docs/operations.md, Retention). Default: keep everything.",
    "Prints the plan; --apply acts. Runs as the audit database's owner role (AUDIT_DB_OWNER, AUDIT_DB_OWNER_PASSWORD[_FILE],",
    "with AUDIT_DB_HOST/PORT/NAME), never a service role; every action is recorded in api.access_log.",
    "Expired months of changes.change_event are sealed, archived (rows, links, signed seals, manifest) and the archive",
    "verified before the partition is detached (and dropped with --drop-detached)."},
        subcommands = RetentionCommand.VerifyArchive.class)
public class RetentionCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--apply", description = "act on the plan (default: only print it)")
    boolean apply;

    @Option(names = "--changes-months", paramLabel = "N",
            description = "keep this many whole months of changes before the current one (env AUDIT_RETENTION_CHANGES_MONTHS; default: keep all)")
    Integer changesMonths;

    @Option(names = "--archive-dir", description = "where archives go; keep it outside the database (env AUDIT_RETENTION_ARCHIVE_DIR)")
    Path archiveDir;

    @Option(names = "--seal-key", description = "Ed25519 key file that signs the archives' seals (env AUDIT_SEAL_KEY_FILE)")
    Path sealKey;

    @Option(names = "--drop-detached", description = "drop a partition once archived, verified and detached (env AUDIT_RETENTION_DROP_DETACHED=true)")
    Boolean dropDetached;

    @Option(names = "--access-log-days", paramLabel = "N",
            description = "keep this many days of api.access_log; older rows are exported, then deleted (env AUDIT_RETENTION_ACCESS_LOG_DAYS)")
    Integer accessLogDays;

    @Option(names = "--llm-cache-days", paramLabel = "N",
            description = "delete cached model answers older than N days; use at least ai-service's cache TTL (env AUDIT_RETENTION_LLM_CACHE_DAYS)")
    Integer llmCacheDays;

    @Option(names = "--logs-dir", description = "local log directory, e.g. .overlay/logs (env AUDIT_RETENTION_LOGS_DIR)")
    Path logsDir;

    @Option(names = "--logs-days", paramLabel = "N", description = "delete log files there last written more than N days ago (env AUDIT_RETENTION_LOGS_DAYS)")
    Integer logsDays;

    @Override
    public Integer call() {
        PrintWriter out = root.out();
        try {
            resolveEnv();
            OwnerDatabase owner = new OwnerDatabase(root.env());
            try (Connection c = owner.connect()) {
                String actor = OwnerDatabase.requireOwner(c);
                out.printf("retention %s, as %s on %s%n", apply ? "--apply" : "plan (nothing changes; --apply acts)", actor, owner.url());
                changes(c, owner, actor, out);
                tables(c, actor, out);
                logs(out);
            }
            out.println(apply ? "retention done" : "plan only: nothing changed");
            out.flush();
            return ExitCodes.OK;
        } catch (RetentionException e) {
            return fail("auditctl: retention: " + e.getMessage(), ExitCodes.FAILURE);
        } catch (IllegalArgumentException e) {
            return fail("auditctl: retention: " + e.getMessage(), ExitCodes.USAGE);
        } catch (SQLException | IOException e) {
            return fail("auditctl: retention: " + e.getMessage(), ExitCodes.FAILURE);
        }
    }

    private void changes(Connection c, OwnerDatabase owner, String actor, PrintWriter out) throws SQLException, IOException {
        if (changesMonths == null) {
            out.println("changes       keep everything (--changes-months not set)");
            return;
        }
        LocalDate cutoff = YearMonth.now(ZoneOffset.UTC).minusMonths(changesMonths).atDay(1);
        List<Partition> parts = Partition.attached(c);
        List<Partition> expired = parts.stream().filter(p -> !p.to().isAfter(cutoff)).toList();
        out.printf("changes       keep %d month(s) before the current one: months ending by %s expire; %d of %d partitions%n",
                changesMonths, cutoff, expired.size(), parts.size());
        for (Partition p : parts) {
            out.printf("  %-24s %s .. %s  %s%n", p.name(), p.from(), p.to(), expired.contains(p) ? "EXPIRED: seal, archive, verify, detach"
                    + (dropDetached ? ", drop" : "") : "kept");
        }
        if (!apply || expired.isEmpty()) {
            return;
        }
        if (archiveDir == null || sealKey == null) {
            throw new IllegalArgumentException("archiving needs --archive-dir and --seal-key (or AUDIT_RETENTION_ARCHIVE_DIR, AUDIT_SEAL_KEY_FILE)");
        }
        SealSigner signer = SealSigner.read(sealKey);
        Files.createDirectories(archiveDir);
        PartitionArchiver archiver = new PartitionArchiver(c, root.json(), out, actor);
        ArchiveVerifier verifier = new ArchiveVerifier(owner, root.json());
        for (Partition p : expired) {
            archiver.run(p, archiveDir, signer, dropDetached, verifier);
        }
    }

    private void tables(Connection c, String actor, PrintWriter out) throws SQLException, IOException {
        TableRetention t = new TableRetention(c, root.json(), out, actor);
        if (accessLogDays == null) {
            out.println("access log    keep everything (--access-log-days not set)");
        } else {
            Instant cutoff = Instant.now().minus(Duration.ofDays(accessLogDays));
            out.printf("access log    keep %d days: %,d rows before %s expire (exported, then deleted)%n", accessLogDays,
                    t.accessLogBefore(cutoff)[0], cutoff);
            if (apply) {
                if (archiveDir == null) {
                    throw new IllegalArgumentException("exporting the access log needs --archive-dir (or AUDIT_RETENTION_ARCHIVE_DIR)");
                }
                t.archiveAccessLog(cutoff, archiveDir);
            }
        }
        if (llmCacheDays == null) {
            out.println("llm cache     keep everything (--llm-cache-days not set)");
        } else {
            Instant cutoff = Instant.now().minus(Duration.ofDays(llmCacheDays));
            out.printf("llm cache     keep %d days: %,d cached answers before %s expire%n", llmCacheDays, t.cacheBefore(cutoff), cutoff);
            if (apply) {
                t.deleteCache(cutoff);
            }
        }
    }

    private void logs(PrintWriter out) throws IOException {
        if (logsDays == null || logsDir == null) {
            out.println("local logs    keep everything (--logs-dir and --logs-days not both set)");
            return;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(logsDays));
        List<Path> old = LogFiles.before(logsDir, cutoff);
        out.printf("local logs    keep %d days in %s: %d files (%,d bytes) last written before %s expire%n", logsDays, logsDir, old.size(),
                LogFiles.bytes(old), cutoff);
        if (apply) {
            for (Path f : old) {
                Files.deleteIfExists(f);
            }
            out.printf("  %s: %d files deleted%n", logsDir, old.size());
        }
    }

    private void resolveEnv() {
        changesMonths = changesMonths != null ? changesMonths : number("AUDIT_RETENTION_CHANGES_MONTHS");
        accessLogDays = accessLogDays != null ? accessLogDays : number("AUDIT_RETENTION_ACCESS_LOG_DAYS");
        llmCacheDays = llmCacheDays != null ? llmCacheDays : number("AUDIT_RETENTION_LLM_CACHE_DAYS");
        logsDays = logsDays != null ? logsDays : number("AUDIT_RETENTION_LOGS_DAYS");
        archiveDir = archiveDir != null ? archiveDir : path("AUDIT_RETENTION_ARCHIVE_DIR");
        sealKey = sealKey != null ? sealKey : path("AUDIT_SEAL_KEY_FILE");
        logsDir = logsDir != null ? logsDir : path("AUDIT_RETENTION_LOGS_DIR");
        dropDetached = dropDetached != null ? dropDetached : "true".equalsIgnoreCase(root.env().get("AUDIT_RETENTION_DROP_DETACHED"));
        for (Integer n : new Integer[] {changesMonths, accessLogDays, llmCacheDays, logsDays}) {
            if (n != null && n < 0) {
                throw new IllegalArgumentException("a retention period cannot be negative, got " + n);
            }
        }
    }

    private Integer number(String env) {
        String v = root.env().get(env);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + " must be a whole number, got '" + v + "'");
        }
    }

    private Path path(String env) {
        String v = root.env().get(env);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    private int fail(String message, int code) {
        root.out().flush();
        root.err().println(message);
        root.err().flush();
        return code;
    }

    @Command(name = "verify-archive", description = {"Check an archive written by retention on its own: file hashes, then its rows and",
        "links restored into a scratch database (created and dropped; the owner role needs CREATEDB) against its signed seals."})
    static class VerifyArchive implements Callable<Integer> {

        @ParentCommand
        RetentionCommand parent;

        @Parameters(paramLabel = "DIR", description = "the archive directory (…/change_event_YYYY_MM-<time>)")
        Path dir;

        @Option(names = "--public-key", description = "the seal key's public half: the seals must be signed with it")
        Path publicKey;

        @Override
        public Integer call() {
            AuditCtl root = parent.root;
            try {
                ArchiveVerifier.Result r = new ArchiveVerifier(new OwnerDatabase(root.env()), root.json()).verify(dir, publicKey);
                PrintWriter out = root.out();
                r.problems().forEach(p -> out.println("ARCHIVE  " + p));
                out.printf("archive %s: %,d rows restored, %d seals %s%n", dir, r.rows(), r.seals(), r.ok() ? "match: OK" : "— TAMPERED");
                out.flush();
                return r.ok() ? ExitCodes.OK : ExitCodes.INTEGRITY;
            } catch (RetentionException e) {
                return parent.fail("auditctl: retention: " + e.getMessage(), ExitCodes.FAILURE);
            } catch (SQLException | IOException e) {
                return parent.fail("auditctl: retention verify-archive: " + e.getMessage(), ExitCodes.FAILURE);
            }
        }
    }
}
