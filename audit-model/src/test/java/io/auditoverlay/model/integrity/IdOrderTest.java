package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdOrderTest {

    /** What the link order is defined as: a stable sort by the ids' text (which is their unsigned order). */
    private static List<ChainEntry> byText(List<ChainEntry> rows) {
        List<ChainEntry> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ChainEntry::rowId));
        return sorted;
    }

    private static ChainEntry row(long msb, long lsb) {
        return ChainEntry.ofChange("pos", new UUID(msb, lsb), new byte[32], null);
    }

    private static void assertSameOrder(List<ChainEntry> expected, List<ChainEntry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i), "row " + i);
        }
    }

    @Test
    void randomIdsComeOutInTheirTextOrder_atEverySizeAroundTheIndexBits() {
        Random random = new Random(13);
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 255, 256, 257, 1999, 2000, 2048, 2049, 5000}) {
            List<ChainEntry> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(row(random.nextLong(), random.nextLong()));
            }
            assertSameOrder(byText(rows), IdOrder.sorted(rows));
        }
    }

    @Test
    void idsThatTieInTheirHighBitsAreOrderedByTheRest() {
        Random random = new Random(42);
        List<ChainEntry> rows = new ArrayList<>();
        long[] prefixes = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x7fff_ffff_ffff_f800L, 0x8000_0000_0000_07ffL};
        for (long prefix : prefixes) {
            for (int i = 0; i < 40; i++) {
                // Same high bits, different low bits of the first half and different second halves, signs mixed.
                rows.add(row(prefix ^ random.nextInt(2048), random.nextLong()));
                rows.add(row(prefix, random.nextBoolean() ? random.nextLong() : Long.MIN_VALUE + i));
            }
        }
        for (int i = 0; i < 1000; i++) {
            rows.add(row(random.nextLong(), random.nextLong()));
        }
        assertSameOrder(byText(rows), IdOrder.sorted(rows));
    }

    @Test
    void equalIdsKeepTheirOrder_asAStableSortDoes() {
        ChainEntry a = row(5, 1);
        ChainEntry b = row(5, 1);
        ChainEntry c = row(-5, 0);
        ChainEntry d = row(5, 1);
        List<ChainEntry> rows = List.of(a, c, b, d);
        assertSameOrder(List.of(a, b, d, c), IdOrder.sorted(rows));
        assertSameOrder(byText(rows), IdOrder.sorted(rows));
    }
}
