package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.auditoverlay.model.change.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A link's rows gathered in batch order and written in id order: the bytes the sorted rows give, and those of 41efd2f. */
class LinkRowsTest {

    /**
     * Rows with every kind of position: none, a GTID only (50 values, met out of order), file, pos, row and GTID
     * (a GTID per ten rows, as a transaction's), files that repeat out of order, one with a non-ASCII name, big positions.
     */
    static List<ChainEntry> rows(int n, long seed) {
        Random r = new Random(seed);
        String[] files = {"mariadb-bin.000007", "mariadb-bin.000008", "café.000001"};
        List<ChainEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] leaf = new byte[32];
            r.nextBytes(leaf);
            int kind = r.nextInt(10);
            SourcePosition p = kind == 0 ? null
                    : kind == 1 ? new SourcePosition(null, null, null, null, "0-1-" + r.nextInt(50), true)
                    : new SourcePosition(1L, files[r.nextInt(files.length)],
                            r.nextInt(3) == 0 ? r.nextLong() & Long.MAX_VALUE : (long) r.nextInt(100000),
                            r.nextInt(5) - 1, r.nextInt(4) == 0 ? null : "0-7-" + (i / 10), false);
            out.add(ChainEntry.ofChange("pos", new UUID(r.nextLong(), r.nextLong()), leaf, p));
        }
        return out;
    }

    private static List<ChainEntry> sortedByComparator(List<ChainEntry> rows) {
        List<ChainEntry> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> PackedLink.compare(a.uuid(), b.uuid()));
        return sorted;
    }

    private static String sha(byte[] bytes) {
        return Hashes.hex(Hashes.sha256().digest(bytes));
    }

    @Test
    void theBytesAreThoseThePackedLinkWriterOf41efd2fGave() {
        // SHA-256 of what PackedLink.ids/positions and Merkle.pack wrote at 41efd2f for the same rows, sorted by a comparator.
        LinkRows link = LinkRows.byId(rows(3000, 7));
        assertEquals("8ff7c5bc0931652908e8af1d7c565293dca48202352b7f58d51474e96b9054f0", sha(link.positions(ChainLink.LEAF_CANONICAL)));
        assertEquals("2253629fa87e6cc6781311add827f969f320971b23a48a88f7ee0dd93ef93d62", sha(link.positions(ChainLink.LEAF_JSONB_TEXT)));
        assertEquals("c79920f057d4af80422ba783034a586a8616daface7e120eaa99ba05e3360641", sha(link.ids()));
        assertEquals("8986b2c4b013559a327b9ed3e1c75e402cc3d08195691449eade3d178e7d26aa", sha(link.leaves()));
    }

    @Test
    void gatheredInBatchOrder_writtenAsTheSortedRowsAre_andReadBack() {
        for (int n : new int[] {1, 2, 17, 2000}) {
            List<ChainEntry> rows = rows(n, n);
            List<ChainEntry> sorted = sortedByComparator(rows);
            LinkRows link = LinkRows.byId(rows);
            LinkRows asSorted = LinkRows.sorted(sorted);
            for (int k = 0; k < n; k++) {
                assertSame(sorted.get(k), link.entries().get(k));
            }
            assertArrayEquals(asSorted.ids(), link.ids());
            assertArrayEquals(asSorted.leaves(), link.leaves());
            assertArrayEquals(Merkle.pack(sorted.stream().map(ChainEntry::leaf).toList()), link.leaves());
            assertEquals(sorted.stream().map(ChainEntry::rowId).toList(), PackedLink.ids(link.ids()));
            for (int format : new int[] {ChainLink.LEAF_CANONICAL, ChainLink.LEAF_JSONB_TEXT}) {
                assertArrayEquals(asSorted.positions(format), link.positions(format));
                assertEquals(sorted.stream().map(e -> e.at() == null ? "" : ChainedTable.position(e.at())).toList(),
                        PackedLink.positions(link.positions(format), n), "format " + format + ", " + n + " rows");
            }
        }
    }

    @Test
    void rowsWithoutPositionsHaveNoneInFormat1_andFlagZeroInFormat2() {
        List<ChainEntry> rows = List.of(ChainEntry.ofChange("pos", new UUID(2, 0), new byte[32], null),
                ChainEntry.ofChange("pos", new UUID(1, 0), new byte[32], null));
        assertNull(LinkRows.byId(rows).positions(ChainLink.LEAF_CANONICAL));
        assertArrayEquals(new byte[] {2, 0, 0}, LinkRows.byId(rows).positions(ChainLink.LEAF_JSONB_TEXT));
    }
}
