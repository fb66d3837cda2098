package io.auditoverlay.auditctl.retention;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.postgresql.PGConnection;

import io.auditoverlay.model.integrity.Hashes;

/** An archive's files: COPY text, gzip-compressed, with the SHA-256 of each file as written. */
final class ArchiveFiles {

    /** The columns of changes.change_event, in the table's order. */
    static final String CHANGE_COLUMNS = "event_id, source, database_name, table_name, op, primary_key, before, after, "
            + "changed_columns, transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file, binlog_pos, "
            + "binlog_row, gtid, snapshot, branch_id, schema_version, stored_at";
    static final String LINK_COLUMNS_V1 = "source, seq, row_count, row_ids, row_positions, leaves, merkle_root, prev_hash, link_hash, linked_at";
    /** From archive v2 on: links from V90 on hold their ids and positions packed (docs/integrity.md, "Link formats"). */
    static final String LINK_COLUMNS = LINK_COLUMNS_V1 + ", row_uuids, row_positions_packed";

    record Written(long rows, long bytes, String sha256) {
    }

    private ArchiveFiles() {
    }

    /** COPY … TO STDOUT of a query into a new gzip file. */
    static Written copyOut(Connection c, String query, Path file) throws SQLException, IOException {
        MessageDigest digest = Hashes.sha256();
        long rows;
        try (OutputStream raw = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), digest);
             OutputStream gz = new GZIPOutputStream(raw, 1 << 16)) {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", gz);
        }
        return new Written(rows, Files.size(file), Hashes.hex(digest.digest()));
    }

    /** COPY … FROM STDIN of a gzip file into a table. */
    static long copyIn(Connection c, String tableAndColumns, Path file) throws SQLException, IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN", in);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = Hashes.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                digest.update(buf, 0, n);
            }
        }
        return Hashes.hex(digest.digest());
    }
}
