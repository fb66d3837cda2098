package io.auditoverlay.model.integrity;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * A day of one source's chain (links stored that UTC day), summed up: the first and last link
 * numbers, how many links and rows, the Merkle root over the links' hashes in chain order, and the
 * last link's hash. Kept outside the database (signed, see {@link SealSigner}), it proves later that
 * the day's links were not rewritten, even by someone who recomputed every hash.
 */
public record DailySeal(String table, String source, LocalDate day, long firstSeq, long lastSeq, long links, long rows,
        String merkleRoot, String lastLinkHash) {

    public static DailySeal of(String table, String source, LocalDate day, List<ChainLink> links) {
        long rows = links.stream().mapToLong(l -> l.rowIds().size()).sum();
        List<byte[]> hashes = links.stream().map(ChainLink::linkHash).toList();
        return new DailySeal(table, source, day, links.get(0).seq(), links.get(links.size() - 1).seq(), links.size(), rows,
                Hashes.hex(Merkle.root(hashes)), Hashes.hex(hashes.get(hashes.size() - 1)));
    }

    /** The bytes a signature covers: every field, one per line. */
    public byte[] signedBytes() {
        return String.join("\n", "audit-overlay seal v1", table, source, day.toString(), Long.toString(firstSeq),
                Long.toString(lastSeq), Long.toString(links), Long.toString(rows), merkleRoot, lastLinkHash, "")
                .getBytes(StandardCharsets.UTF_8);
    }

    public String key() {
        return table + " " + source + " " + day;
    }
}
