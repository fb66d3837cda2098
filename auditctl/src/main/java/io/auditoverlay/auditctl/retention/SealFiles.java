package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.auditctl.commands.Seals;
import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.model.integrity.SealSigner;

/**
 * The daily seals of an archive: checked against (or stored into) {@code api.daily_seal}, then
 * written signed, one file per day, in the format of {@code auditctl seal export}.
 */
final class SealFiles {

    private SealFiles() {
    }

    /** A seal already stored for the day must equal the one recomputed now; a missing one is stored. */
    static int storeOrCompare(Connection c, DailySeal seal, String actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seq, last_seq, links, rows, merkle_root, last_link_hash "
                + "FROM api.daily_seal WHERE table_name = ? AND source = ? AND day = ?")) {
            ps.setString(1, seal.table());
            ps.setString(2, seal.source());
            ps.setDate(3, Date.valueOf(seal.day()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    DailySeal stored = new DailySeal(seal.table(), seal.source(), seal.day(), rs.getLong(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6));
                    if (!stored.equals(seal)) {
                        throw new RetentionException("the seal stored for " + seal.key() + " (root " + stored.merkleRoot()
                                + ") does not match the chain as stored now (root " + seal.merkleRoot()
                                + "): the day was rewritten; nothing archived. Investigate with auditctl verify --from " + seal.day());
                    }
                    return 0;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api.daily_seal (table_name, source, day, first_seq, last_seq, "
                + "links, rows, merkle_root, last_link_hash, sealed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, seal.table());
            ps.setString(2, seal.source());
            ps.setDate(3, Date.valueOf(seal.day()));
            ps.setLong(4, seal.firstSeq());
            ps.setLong(5, seal.lastSeq());
            ps.setLong(6, seal.links());
            ps.setLong(7, seal.rows());
            ps.setString(8, seal.merkleRoot());
            ps.setString(9, seal.lastLinkHash());
            ps.setString(10, "retention:" + actor);
            ps.executeUpdate();
        }
        return 1;
    }

    /** {@code seal-<day>.json}, every seal signed with the key (the format of auditctl seal export). */
    static Path write(ObjectMapper json, Path dir, LocalDate day, List<DailySeal> seals, SealSigner signer) throws IOException {
        ObjectNode file = json.createObjectNode().put("format", Seals.FORMAT).put("algorithm", "Ed25519")
                .put("publicKey", Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()))
                .put("keyFingerprint", SealSigner.fingerprint(signer.publicKey())).put("exportedAt", Instant.now().toString());
        ArrayNode list = file.putArray("seals");
        for (DailySeal s : seals) {
            Seals.write(list.addObject(), s).put("signature", Base64.getEncoder().encodeToString(signer.sign(s.signedBytes())));
        }
        file.put("day", day.toString());
        Path target = dir.resolve("seal-" + day + ".json");
        Files.writeString(target, json.writeValueAsString(file) + "\n");
        return target;
    }
}
