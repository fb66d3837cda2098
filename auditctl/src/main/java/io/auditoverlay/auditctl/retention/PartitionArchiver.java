package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.ChainVerifier;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.model.integrity.PackedLink;
import io.auditoverlay.model.integrity.SealSigner;

/**
 * One expired month of {@code changes.change_event}: seal, archive, verify the archive, detach
 * (and drop, if asked). The archive holds the partition's rows, and — so that it verifies on its
 * own against its seals — every chain link stored on a day the partition's rows were stored, the
 * link before each source's first one, and every row those links name (a day's links may hold
 * rows of a neighbouring month: "context rows", still in the trail).
 */
final class PartitionArchiver {

    static final String FORMAT = "audit-overlay archive v2";
    /** Archives written before change links were packed: their links file lacks the two packed columns. */
    static final String FORMAT_V1 = "audit-overlay archive v1";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Connection c;
    private final ObjectMapper json;
    private final PrintWriter out;
    private final String actor;

    PartitionArchiver(Connection c, ObjectMapper json, PrintWriter out, String actor) {
        this.c = c;
        this.json = json;
        this.out = out;
        this.actor = actor;
    }

    /** Archives the partition into a new directory under {@code archiveDir} and returns it; the partition is then detached. */
    Path run(Partition p, Path archiveDir, SealSigner signer, boolean drop, ArchiveVerifier verifier) throws SQLException, IOException {
        long started = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("DROP TABLE IF EXISTS pg_temp.r_days, pg_temp.r_links, pg_temp.r_ids");
            st.execute("CREATE TEMP TABLE r_days AS SELECT DISTINCT (l.linked_at AT TIME ZONE 'UTC')::date AS day FROM changes.chain_link l "
                    + "WHERE (l.source, l.linked_at) IN (SELECT DISTINCT source, stored_at FROM " + p.table() + ")");
            List<LocalDate> days = days(st);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (!days.isEmpty() && !days.get(days.size() - 1).isBefore(today)) {
                throw new RetentionException(p.name() + ": rows were stored today (" + today + "); a day is sealed once it is over: run retention tomorrow");
            }
            st.execute("CREATE TEMP TABLE r_links AS SELECT l.* FROM changes.chain_link l JOIN r_days d "
                    + "ON l.linked_at >= d.day::timestamp AT TIME ZONE 'UTC' AND l.linked_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'");
            st.execute("INSERT INTO r_links SELECT l.* FROM changes.chain_link l JOIN (SELECT source, min(seq) - 1 AS seq FROM r_links "
                    + "GROUP BY source) f ON f.source = l.source AND f.seq = l.seq");
            st.execute("CREATE TEMP TABLE r_ids AS SELECT event_id FROM " + p.table() + " UNION SELECT unnest("
                    + PackedLink.idsSql("l") + ") FROM r_links l");

            out.printf("  %s: sealing %d day(s) of the chain (%s)%n", p.name(), days.size(), span(days));
            out.flush();
            List<DailySeal> seals = new ArrayList<>();
            int stored = 0;
            for (LocalDate day : days) {
                ChainReport report = new ChainVerifier(c, ChainedTable.CHANGE_EVENT).verify(start(day), start(day.plusDays(1)));
                if (!report.ok()) {
                    throw new RetentionException(p.name() + ": the chain of " + day + " is broken (" + report.firstBreak().reason()
                            + ", source " + report.firstBreak().source() + ", link " + report.firstBreak().seq()
                            + "); nothing archived. auditctl verify --from " + day + " names it");
                }
                for (DailySeal s : report.seals()) {
                    stored += SealFiles.storeOrCompare(c, s, actor);
                }
                seals.addAll(report.seals());
            }

            Path dir = archiveDir.resolve(p.name() + "-" + STAMP.format(Instant.now()));
            Files.createDirectories(dir);
            ArchiveFiles.Written rows = ArchiveFiles.copyOut(c, "SELECT " + ArchiveFiles.CHANGE_COLUMNS + " FROM changes.change_event "
                    + "WHERE event_id IN (SELECT event_id FROM r_ids) ORDER BY event_id", dir.resolve("rows.copy.gz"));
            ArchiveFiles.Written links = ArchiveFiles.copyOut(c, "SELECT " + ArchiveFiles.LINK_COLUMNS + " FROM r_links ORDER BY source, seq",
                    dir.resolve("links.copy.gz"));
            for (LocalDate day : days) {
                SealFiles.write(json, dir, day, seals.stream().filter(s -> s.day().equals(day)).toList(), signer);
            }
            long partitionRows = count(st, "SELECT count(*) FROM " + p.table());
            long legacy = count(st, "SELECT count(*) FROM " + p.table() + " e WHERE NOT EXISTS (SELECT 1 FROM changes.chain_link l "
                    + "WHERE l.source = e.source AND l.linked_at = e.stored_at)");
            ObjectNode manifest = json.createObjectNode().put("format", FORMAT).put("partition", p.table())
                    .put("from", p.from().toString()).put("to", p.to().toString()).put("rows", partitionRows)
                    .put("contextRows", rows.rows() - partitionRows).put("unchainedRows", legacy).put("links", links.rows())
                    .put("createdAt", Instant.now().toString()).put("createdBy", actor)
                    .put("sealKeyFingerprint", SealSigner.fingerprint(signer.publicKey()));
            days.forEach(d -> manifest.withArray("days").add(d.toString()));
            manifest.putObject("files").set("rows.copy.gz", file(rows));
            manifest.with("files").set("links.copy.gz", file(links));
            Files.writeString(dir.resolve("manifest.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
            out.printf("  %s: archived %,d rows (+ %,d context rows of the same days), %,d links and %d seal file(s) (%d newly stored) to %s (%,d bytes)%n",
                    p.name(), partitionRows, rows.rows() - partitionRows, links.rows(), days.size(), stored, dir,
                    rows.bytes() + links.bytes());
            out.flush();

            ArchiveVerifier.Result check = verifier.verify(dir, null);
            if (!check.ok()) {
                throw new RetentionException(p.name() + ": the archive " + dir + " does not verify (" + String.join("; ", check.problems())
                        + "); the partition stays attached");
            }
            out.printf("  %s: the archive verifies against its %d seal(s)%n", p.name(), check.seals());
            // Detached, the month's table is renamed: a late row of that month then gets a new partition
            // (ensure_change_event_partition creates one only when the name is free).
            String detached = p.name() + "_detached_" + STAMP.format(Instant.now()).replace("T", "").replace("Z", "");
            st.execute("ALTER TABLE changes.change_event DETACH PARTITION " + p.table());
            st.execute("ALTER TABLE " + p.table() + " RENAME TO " + detached);
            if (drop) {
                st.execute("DROP TABLE changes." + detached);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            ObjectNode details = json.createObjectNode().put("archive", dir.toString()).put("rowsSha256", rows.sha256())
                    .put("contextRows", rows.rows() - partitionRows).put("links", links.rows()).put("dropped", drop)
                    .put("detachedAs", drop ? null : "changes." + detached);
            AccessRecord.write(c, actor, p.table(), drop ? "archive, detach, drop" : "archive, detach", partitionRows,
                    rows.bytes() + links.bytes(), millis, details);
            out.printf("  %s: %s in %.1f s (recorded in api.access_log)%n", p.name(),
                    drop ? "detached and dropped" : "detached, kept as changes." + detached, millis / 1000.0);
            st.execute("DROP TABLE IF EXISTS pg_temp.r_days, pg_temp.r_links, pg_temp.r_ids");
            return dir;
        }
    }

    private ObjectNode file(ArchiveFiles.Written w) {
        return json.createObjectNode().put("sha256", w.sha256()).put("bytes", w.bytes()).put("rows", w.rows());
    }

    private static List<LocalDate> days(Statement st) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT day FROM r_days ORDER BY day")) {
            while (rs.next()) {
                days.add(rs.getObject(1, LocalDate.class));
            }
        }
        return days;
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String span(List<LocalDate> days) {
        return days.isEmpty() ? "no chained rows" : days.get(0) + " .. " + days.get(days.size() - 1);
    }
}
