package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.auditoverlay.model.change.SourcePosition;
import java.util.ArrayList;
import java.util.Arrays;
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
    void version2CarriesLeafFormat2_withTheSamePacking_evenWithoutPositions() {
        List<ChainEntry> rows = new ArrayList<>(List.of(
                ChainEntry.ofChange("pos", UUID.fromString("00000000-0000-0000-0000-000000000001"), LEAF,
                        new SourcePosition(1L, "mariadb-bin.000007", 4_294_967_300L, 0, "0-1-42", false)),
                ChainEntry.ofChange("pos", UUID.fromString("00000000-0000-0000-0000-000000000002"), LEAF,
                        new SourcePosition(1L, "mariadb-bin.000007", 355L, -3, "0-1-42", false)),
                ChainEntry.ofChange("pos", UUID.fromString("00000000-0000-0000-0000-000000000003"), LEAF, null)));
        byte[] v1 = PackedLink.positions(rows, ChainLink.LEAF_CANONICAL);
        byte[] v2 = PackedLink.positions(rows, ChainLink.LEAF_JSONB_TEXT);
        assertArrayEquals(PackedLink.positions(rows), v1);
        assertEquals(1, v1[0]);
        assertEquals(2, v2[0]);
        assertArrayEquals(Arrays.copyOfRange(v1, 1, v1.length), Arrays.copyOfRange(v2, 1, v2.length), "the same packing");
        assertEquals(PackedLink.positions(v1, 3), PackedLink.positions(v2, 3));
        assertEquals(ChainLink.LEAF_CANONICAL, PackedLink.leafFormat(v1));
        assertEquals(ChainLink.LEAF_JSONB_TEXT, PackedLink.leafFormat(v2));
        assertEquals(ChainLink.LEAF_CANONICAL, PackedLink.leafFormat(null), "no positions: format 1");

        List<ChainEntry> none = List.of(ChainEntry.ofChange("s", UUID.randomUUID(), LEAF, null),
                ChainEntry.ofChange("s", UUID.randomUUID(), LEAF, null));
        assertNull(PackedLink.positions(none, ChainLink.LEAF_CANONICAL));
        byte[] v2none = PackedLink.positions(none, ChainLink.LEAF_JSONB_TEXT);
        assertArrayEquals(new byte[] {2, 0, 0}, v2none, "format 2 always says so: version 2, a zero flag a row");
        assertEquals(ChainLink.LEAF_JSONB_TEXT, PackedLink.leafFormat(v2none));
        assertEquals(List.of("", ""), PackedLink.positions(v2none, 2));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.leafFormat(new byte[] {3, 0}));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.leafFormat(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PackedLink.positions(none, 3));
    }

    @Test
    void theLinkHashCoversTheLeafFormat_format1Unchanged() {
        byte[] prev = new byte[32];
        byte[] root = Hashes.sha256().digest("root".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] v1 = ChainLink.hash("changes.change_event", "pos", 7, prev, root, 3);
        assertArrayEquals(v1, ChainLink.hash("changes.change_event", "pos", 7, prev, root, 3, ChainLink.LEAF_CANONICAL));
        byte[] v2 = ChainLink.hash("changes.change_event", "pos", 7, prev, root, 3, ChainLink.LEAF_JSONB_TEXT);
        assertFalse(Arrays.equals(v1, v2));
        // Format 1 is the hash every link had before format 2: its definition, spelled out.
        java.security.MessageDigest d = Hashes.sha256();
        d.update((byte) 0x02);
        d.update("audit-overlay chain v1\nchanges.change_event\npos\n7\n3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update(prev);
        d.update(root);
        assertArrayEquals(d.digest(), v1);
        ChainLink link = new ChainLink("changes.change_event", "pos", 7, List.of("a", "b", "c"), null, List.of(), root, prev, v2, null,
                ChainLink.LEAF_JSONB_TEXT);
        assertArrayEquals(v2, link.expectedHash());
        ChainLink flipped = new ChainLink("changes.change_event", "pos", 7, List.of("a", "b", "c"), null, List.of(), root, prev, v2, null,
                ChainLink.LEAF_CANONICAL);
        assertFalse(Arrays.equals(v2, flipped.expectedHash()), "a link read as the other format no longer matches its hash");
        assertThrows(IllegalArgumentException.class, () -> ChainLink.hash("t", "s", 1, prev, root, 1, 3));
    }

    @Test
    void aFormat2LeafHashesTheJsonAsWritten_andDiffersFromFormat1() {
        String text = "{\"b\": 1.50, \"aa\": [1, 2]}";
        byte[] k = Leaf.of("t").jsonText(text).hash();
        assertArrayEquals(k, Leaf.of("t").jsonText(text).hash());
        assertFalse(Arrays.equals(k, Leaf.of("t").jsonText("{\"b\": 1.5, \"aa\": [1, 2]}").hash()), "a scale jsonb keeps is part of it");
        assertFalse(Arrays.equals(k, Leaf.of("t").json(text).hash()));
        assertArrayEquals(Leaf.of("t").text(null).hash(), Leaf.of("t").jsonText(null).hash());
        // What PostgreSQL returns for text the normalizer sent as UTF-8 (a lone surrogate went as '?') hashes alike.
        for (String written : List.of("{\"a\": \"\u00e9 \u4e2d \ud83d\ude00\"}", "{\"lone\": \"\ud800 \udc00\"}", "{\"\ud83d\": 1}")) {
            String readBack = new String(written.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
            assertArrayEquals(Leaf.of("t").jsonText(readBack).hash(), Leaf.of("t").jsonText(written).hash(), written);
        }
    }

    @Test
    void appendersWriteFormat2OnlyForChangeLinks() {
        assertEquals(ChainLink.LEAF_CANONICAL, new ChainAppender("business.business_event").leafFormat());
        assertEquals(ChainLink.LEAF_JSONB_TEXT, new ChainAppender("changes.change_event", ChainLink.LEAF_JSONB_TEXT).leafFormat());
        assertThrows(IllegalArgumentException.class, () -> new ChainAppender("business.business_event", ChainLink.LEAF_JSONB_TEXT));
        assertThrows(IllegalArgumentException.class, () -> new ChainAppender("changes.change_event", 3));
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
