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
 * @param leafFormat how its rows' leaves hash their JSON: {@link #LEAF_CANONICAL} or {@link #LEAF_JSONB_TEXT}
 */
public record ChainLink(String table, String source, long seq, List<String> rowIds, List<String> positions,
        List<byte[]> leaves, byte[] merkleRoot, byte[] prevHash, byte[] linkHash, Instant linkedAt, int leafFormat) {

    /** The hash before a chain's first link. */
    public static final byte[] GENESIS = new byte[32];
    /** Leaf format 1: JSON canonicalised ({@link Leaf#json}); every link before format 2, and all but change links. */
    public static final int LEAF_CANONICAL = 1;
    /** Leaf format 2: JSON as {@code jsonb::text} spells it ({@link Leaf#jsonText}); change links written as such (docs/integrity.md). */
    public static final int LEAF_JSONB_TEXT = 2;

    /** A link of leaf format 1. */
    public ChainLink(String table, String source, long seq, List<String> rowIds, List<String> positions, List<byte[]> leaves,
            byte[] merkleRoot, byte[] prevHash, byte[] linkHash, Instant linkedAt) {
        this(table, source, seq, rowIds, positions, leaves, merkleRoot, prevHash, linkHash, linkedAt, LEAF_CANONICAL);
    }

    /** A link's hash in leaf format 1 (the hash every link had before format 2, unchanged). */
    public static byte[] hash(String table, String source, long seq, byte[] prevHash, byte[] merkleRoot, int rowCount) {
        return hash(table, source, seq, prevHash, merkleRoot, rowCount, LEAF_CANONICAL);
    }

    /**
     * A link's hash; it covers the leaf format (format 2 hashes "chain v2"), so a link whose format
     * marker was changed no longer matches its hash.
     */
    public static byte[] hash(String table, String source, long seq, byte[] prevHash, byte[] merkleRoot, int rowCount,
            int leafFormat) {
        String version = switch (leafFormat) {
            case LEAF_CANONICAL -> "v1";
            case LEAF_JSONB_TEXT -> "v2";
            default -> throw new IllegalArgumentException("unknown leaf format " + leafFormat);
        };
        MessageDigest d = Hashes.sha256();
        d.update((byte) 0x02);
        d.update(("audit-overlay chain " + version + "\n" + table + "\n" + source + "\n" + seq + "\n" + rowCount + "\n")
                .getBytes(StandardCharsets.UTF_8));
        d.update(prevHash);
        d.update(merkleRoot);
        return d.digest();
    }

    /** The hash this link should carry, from its fields. */
    public byte[] expectedHash() {
        return hash(table, source, seq, prevHash, merkleRoot, rowIds.size(), leafFormat);
    }

    public String position(int i) {
        return positions == null || i >= positions.size() ? null : positions.get(i);
    }
}
