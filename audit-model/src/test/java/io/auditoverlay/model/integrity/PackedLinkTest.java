package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.auditoverlay.model.change.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PackedLinkTest {

    private static final byte[] LEAF = new byte[32];

    @Test
    void idsAndPositionsReadBackAsTheTextFormHeldThem() {
        List<ChainEntry> rows = List.of(
                ChainEntry.ofChange("pos", UUID.fromString("00000000-0000-0000-0000-000000000001"), LEAF,
                        new SourcePosition(1L, "mariadb-bin.000007", 4_294_967_300L, 0, "0-1-42", false)),
                ChainEntry.ofChange("pos", UUID.fromString("80000000-0000-0000-8000-000000000000"), LEAF,
                        new SourcePosition(1L, "mariadb-bin.000007", 355L, 3, "0-1-42", false)),
                ChainEntry.ofChange("pos", UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), LEAF,
                        new SourcePosition(1L, "mariadb-bin.000008", 4L, -2, null, false)),
                ChainEntry.ofChange("pos", UUID.randomUUID(), LEAF, new SourcePosition(null, null, null, null, "0-1-43", true)),
                ChainEntry.ofChange("pos", UUID.randomUUID(), LEAF, new SourcePosition(null, "café.000001", null, null, null, true)),
                ChainEntry.ofChange("pos", UUID.randomUUID(), LEAF, null));
        List<ChainEntry> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> PackedLink.compare(a.uuid(), b.uuid()));
        List<String> ids = sorted.stream().map(ChainEntry::rowId).toList();
        assertEquals(ids.stream().sorted(Comparator.naturalOrder()).toList(), ids, "the binary order is the text order");
        assertEquals(ids, PackedLink.ids(PackedLink.ids(sorted)));
        List<String> positions = sorted.stream().map(e -> e.at() == null ? "" : ChainedTable.position(e.at())).toList();
        assertEquals(positions, PackedLink.positions(PackedLink.positions(sorted), sorted.size()));
    }

    @Test
    void noPositionsPackToNull_andMalformedBytesAreRefused() {
        assertNull(PackedLink.positions(List.of(ChainEntry.ofChange("s", UUID.randomUUID(), LEAF, null))));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.ids(new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.positions(new byte[] {1, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.positions(new byte[] {9}, 1));
    }

    @Test
    void aUuidLeafIsItsTextLeaf() {
        for (int i = 0; i < 100; i++) {
            UUID id = UUID.randomUUID();
            assertArrayEquals(Leaf.of("t").text(id.toString()).hash(), Leaf.of("t").uuid(id).hash());
        }
        UUID edge = new UUID(0x00000000_0000_0fffL, 0xf000_0000_0000_0001L);
        assertArrayEquals(Leaf.of("t").text(edge.toString()).hash(), Leaf.of("t").uuid(edge).hash());
    }
}
