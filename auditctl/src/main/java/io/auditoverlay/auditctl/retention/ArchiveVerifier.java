package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.auditctl.commands.ChainVerify;
import io.auditoverlay.auditctl.commands.Seals;
import io.auditoverlay.model.integrity.ChainBreak;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.ChainVerifier;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.integrity.DailySeal;

/**
 * Checks an archive on its own: each file's SHA-256 against the manifest, then the rows and links
 * restored into a scratch database (created and dropped on the same server; the owner role needs
 * CREATEDB) are verified with the same {@link ChainVerifier} as the live trail, day by day, and the
 * days' seals it recomputes are compared with the archive's signed seal files.
 */
final class ArchiveVerifier {

    record Result(List<String> problems, int seals, long rows) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final String CHANGE_EVENT_DDL = """
            CREATE TABLE changes.change_event (event_id uuid NOT NULL PRIMARY KEY, source text NOT NULL, database_name text NOT NULL,
                table_name text NOT NULL, op text NOT NULL, primary_key jsonb NOT NULL, before jsonb, after jsonb,
                changed_columns text[] NOT NULL, transaction_id text, transaction_order bigint, committed_at timestamptz NOT NULL,
                captured_at timestamptz, server_id bigint, binlog_file text, binlog_pos bigint, binlog_row integer, gtid text,
                snapshot boolean NOT NULL, branch_id text, schema_version integer NOT NULL, stored_at timestamptz NOT NULL)""";
    private static final String CHAIN_LINK_DDL = """
            CREATE TABLE changes.chain_link (source text NOT NULL, seq bigint NOT NULL, row_count integer NOT NULL,
                row_ids text[], row_positions text[], leaves bytea NOT NULL, merkle_root bytea NOT NULL,
                prev_hash bytea NOT NULL, link_hash bytea NOT NULL, linked_at timestamptz NOT NULL, row_uuids bytea,
                row_positions_packed bytea, PRIMARY KEY (source, seq))""";

    private final OwnerDatabase owner;
    private final ObjectMapper json;

    ArchiveVerifier(OwnerDatabase owner, ObjectMapper json) {
        this.owner = owner;
        this.json = json;
    }

    Result verify(Path dir, Path publicKey) throws IOException, SQLException {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new RetentionException(dir + " has no manifest.json: not an archive of auditctl retention");
        }
        JsonNode manifest = json.readTree(manifestFile.toFile());
        List<String> problems = new ArrayList<>();
        String format = manifest.path("format").asText();
        if (!PartitionArchiver.FORMAT.equals(format) && !PartitionArchiver.FORMAT_V1.equals(format)) {
            problems.add("manifest.json is not of format " + PartitionArchiver.FORMAT);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("files").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(f.getKey() + " is missing");
            } else if (!ArchiveFiles.sha256(file).equals(f.getValue().path("sha256").asText())) {
                problems.add(f.getKey() + " was altered (its SHA-256 differs from the manifest's)");
            }
        }
        if (!problems.isEmpty()) {
            return new Result(problems, 0, 0);
        }
        String scratch = "audit_archive_check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = owner.connect(); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + scratch);
        }
        try {
            return restoreAndVerify(dir, manifest, publicKey, scratch, problems);
        } finally {
            try (Connection admin = owner.connect(); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
        }
    }

    private Result restoreAndVerify(Path dir, JsonNode manifest, Path publicKey, String scratch, List<String> problems)
            throws IOException, SQLException {
        int seals = 0;
        long rows;
        try (Connection s = owner.connect(owner.url(scratch)); Statement st = s.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("CREATE SCHEMA changes");
            st.execute(CHANGE_EVENT_DDL);
            st.execute(CHAIN_LINK_DDL);
            rows = ArchiveFiles.copyIn(s, "changes.change_event (" + ArchiveFiles.CHANGE_COLUMNS + ")", dir.resolve("rows.copy.gz"));
            String linkColumns = PartitionArchiver.FORMAT_V1.equals(manifest.path("format").asText()) ? ArchiveFiles.LINK_COLUMNS_V1
                    : ArchiveFiles.LINK_COLUMNS;
            ArchiveFiles.copyIn(s, "changes.chain_link (" + linkColumns + ")", dir.resolve("links.copy.gz"));
            for (JsonNode d : manifest.path("days")) {
                LocalDate day = LocalDate.parse(d.asText());
                ChainReport report = new ChainVerifier(s, ChainedTable.CHANGE_EVENT)
                        .verify(PartitionArchiver.start(day), PartitionArchiver.start(day.plusDays(1)));
                if (!report.ok()) {
                    ChainBreak b = report.firstBreak();
                    problems.add(day + ": source " + b.source() + ", link " + b.seq() + (b.rowId() == null ? "" : ", event id " + b.rowId())
                            + (b.position() == null ? "" : ", position " + b.position()) + ": " + b.reason());
                    continue;
                }
                Path sealFile = dir.resolve("seal-" + day + ".json");
                if (!Files.isRegularFile(sealFile)) {
                    problems.add("seal-" + day + ".json is missing");
                    continue;
                }
                ChainVerify.SealFile sealed = ChainVerify.readSeal(json, sealFile, publicKey);
                ObjectNode check = json.createObjectNode();
                for (DailySeal seal : report.seals()) {
                    Seals.write(check.withArray("seals").addObject(), seal);
                }
                problems.addAll(ChainVerify.compare(sealed, check));
                seals += sealed.seals().size();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM changes.change_event WHERE committed_at >= '"
                    + manifest.path("from").asText() + "' AND committed_at < '" + manifest.path("to").asText() + "'")) {
                rs.next();
                if (rs.getLong(1) != manifest.path("rows").asLong()) {
                    problems.add("the archive holds " + rs.getLong(1) + " rows of the partition's month, the manifest says "
                            + manifest.path("rows").asLong());
                }
            }
        }
        return new Result(problems, seals, rows);
    }
}
