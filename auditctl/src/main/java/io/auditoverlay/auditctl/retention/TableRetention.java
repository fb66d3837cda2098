package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rows past their time in the two tables that are not hash-chained (docs/integrity.md lists the
 * chained ones): {@code api.access_log} (exported to a file first, then deleted with its
 * append-only trigger set aside inside the same transaction) and {@code insights.llm_cache}.
 */
final class TableRetention {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Connection c;
    private final ObjectMapper json;
    private final PrintWriter out;
    private final String actor;

    TableRetention(Connection c, ObjectMapper json, PrintWriter out, String actor) {
        this.c = c;
        this.json = json;
        this.out = out;
        this.actor = actor;
    }

    /** Access-log rows before the cutoff, and the highest id among them (0 when none). */
    long[] accessLogBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), COALESCE(max(id), 0) FROM api.access_log WHERE at < ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Exports the rows before the cutoff to {@code access_log-before-<cutoff>-<now>.copy.gz} (+ .json), then deletes them. */
    long archiveAccessLog(Instant cutoff, Path archiveDir) throws SQLException, IOException {
        long started = System.nanoTime();
        long maxId = accessLogBefore(cutoff)[1];
        if (maxId == 0) {
            return 0;
        }
        Files.createDirectories(archiveDir);
        String name = "access_log-before-" + STAMP.format(cutoff) + "-" + STAMP.format(Instant.now());
        Path file = archiveDir.resolve(name + ".copy.gz");
        String where = " WHERE at < '" + cutoff + "' AND id <= " + maxId;
        ArchiveFiles.Written w = ArchiveFiles.copyOut(c, "SELECT * FROM api.access_log" + where + " ORDER BY id", file);
        ObjectNode manifest = json.createObjectNode().put("format", "audit-overlay access-log archive v1").put("table", "api.access_log")
                .put("before", cutoff.toString()).put("maxId", maxId).put("rows", w.rows()).put("file", file.getFileName().toString())
                .put("sha256", w.sha256()).put("bytes", w.bytes()).put("createdAt", Instant.now().toString()).put("createdBy", actor);
        Files.writeString(archiveDir.resolve(name + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long deleted;
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE api.access_log DISABLE TRIGGER access_log_append_only");
            deleted = st.executeUpdate("DELETE FROM api.access_log" + where);
            st.execute("ALTER TABLE api.access_log ENABLE TRIGGER access_log_append_only");
            if (deleted != w.rows()) {
                throw new RetentionException("api.access_log: exported " + w.rows() + " rows but " + deleted + " matched the delete; rolled back");
            }
            AccessRecord.write(c, actor, "api.access_log", "export, delete", deleted, w.bytes(), (System.nanoTime() - started) / 1_000_000,
                    json.createObjectNode().put("archive", file.toString()).put("sha256", w.sha256()).put("before", cutoff.toString()));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        out.printf("  api.access_log: %,d rows before %s exported to %s (%,d bytes), then deleted%n", deleted, cutoff, file, w.bytes());
        return deleted;
    }

    long cacheBefore(Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM insights.llm_cache WHERE created_at < ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long deleteCache(Instant cutoff) throws SQLException {
        long started = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM insights.llm_cache WHERE created_at < ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(cutoff));
            long n = ps.executeUpdate();
            AccessRecord.write(c, actor, "insights.llm_cache", "delete", n, 0, (System.nanoTime() - started) / 1_000_000,
                    json.createObjectNode().put("before", cutoff.toString()));
            out.printf("  insights.llm_cache: %,d answers cached before %s deleted%n", n, cutoff);
            return n;
        }
    }
}
