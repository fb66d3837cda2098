package io.auditoverlay.model.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * One link of a source's chain: the rows one write stored, as a Merkle root over their leaf hashes
 * (ordered by row id), bound to the link before it.
 *
 * @param table the chained table (e.g. {@code changes.change_event})
 * @param source the chain's source (a change source, a business event source, …)
 * @param seq the link's number in its source's chain, from 1
 * @param rowIds the rows' ids, ordered
 * @param positions where each row came from (binlog file:pos:row for change events), or null
 * @param leaves the rows' leaf hashes, in the order of {@code rowIds}
 */
public record ChainLink(String table, String source, long seq, List<String> rowIds, List<String> positions,
        List<byte[]> leaves, byte[] merkleRoot, byte[] prevHash, byte[] linkHash, Instant linkedAt) {

    /** The hash before a chain's first link. */
    public static final byte[] GENESIS = new byte[32];

    public static byte[] hash(String table, String source, long seq, byte[] prevHash, byte[] merkleRoot, int rowCount) {
        MessageDigest d = Hashes.sha256();
        d.update((byte) 0x02);
        d.update(("audit-overlay chain v1\n" + table + "\n" + source + "\n" + seq + "\n" + rowCount + "\n")
                .getBytes(StandardCharsets.UTF_8));
        d.update(prevHash);
        d.update(merkleRoot);
        return d.digest();
    }

    /** The hash this link should carry, from its fields. */
    public byte[] expectedHash() {
        return hash(table, source, seq, prevHash, merkleRoot, rowIds.size());
    }

    public String position(int i) {
        return positions == null || i >= positions.size() ? null : positions.get(i);
    }
}
