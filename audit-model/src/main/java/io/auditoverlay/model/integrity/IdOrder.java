package io.auditoverlay.model.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A change link's rows in the order of their ids, unsigned ({@link PackedLink#compare}, which is the
 * order of their text), sorted on primitives. A comparator sort of a 2,000-row batch makes about
 * 22,000 calls through a lambda, each reading two UUIDs; the normalizer links a few batches a second,
 * too few calls for the JIT to reach that comparator early, and a minute after start it still ran
 * interpreted: the largest part of the link step in the profile (docs/integrity.md, "Sixth session").
 *
 * <p>Each row becomes one long: the high bits of its id's most significant half (sign bit flipped,
 * so that signed order is unsigned order) with the row's index in the low bits. {@code Arrays.sort}
 * of those orders the rows by the id's high bits, ties by index; rows whose high bits tie (two ids
 * equal in their first 64 minus log2(n) bits: for 2,000 random ids, one batch in about 4 billion) are then
 * ordered by the full comparison, stably, so the result is exactly that of a stable sort by
 * {@link PackedLink#compare}.
 */
final class IdOrder {

    private IdOrder() {
    }

    /** The rows (each with a {@link ChainEntry#uuid()}) sorted by id, unsigned; equal ids keep their order. */
    static List<ChainEntry> sorted(List<ChainEntry> rows) {
        int n = rows.size();
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        long indexMask = (1L << indexBits) - 1;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long high = rows.get(i).uuid().getMostSignificantBits() ^ Long.MIN_VALUE;
            keys[i] = (high & ~indexMask) | i;
        }
        Arrays.sort(keys);
        List<ChainEntry> out = new ArrayList<>(n);
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            out.add(rows.get((int) (keys[i] & indexMask)));
            boolean runEnds = i + 1 == n || (keys[i + 1] & ~indexMask) != (keys[i] & ~indexMask);
            if (runEnds) {
                if (i > runStart) {
                    // Ties in the high bits (rare): the index order within the run is the input order, so a stable sort keeps it.
                    out.subList(runStart, i + 1).sort((a, b) -> PackedLink.compare(a.uuid(), b.uuid()));
                }
                runStart = i + 1;
            }
        }
        return out;
    }
}
