package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdOrderTest {

    /** What the link order is defined as: a stable sort by the ids' text (which is their unsigned order). */
    private static int[] byText(List<UUID> ids) {
        return IntStream.range(0, ids.size()).boxed().sorted(Comparator.comparing(i -> ids.get(i).toString()))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] order(List<UUID> ids) {
        return IdOrder.order(ids.stream().mapToLong(UUID::getMostSignificantBits).toArray(),
                ids.stream().mapToLong(UUID::getLeastSignificantBits).toArray());
    }

    @Test
    void randomIdsComeOutInTheirTextOrder_atEverySizeAroundTheIndexBits() {
        Random random = new Random(13);
        for (int n : new int[] {0, 1, 2, 3, 7, 8, 9, 255, 256, 257, 1999, 2000, 2048, 2049, 5000}) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(new UUID(random.nextLong(), random.nextLong()));
            }
            assertArrayEquals(byText(ids), order(ids), n + " ids");
        }
    }

    @Test
    void idsThatTieInTheirHighBitsAreOrderedByTheRest() {
        Random random = new Random(42);
        List<UUID> ids = new ArrayList<>();
        long[] prefixes = {0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x7fff_ffff_ffff_f800L, 0x8000_0000_0000_07ffL};
        for (long prefix : prefixes) {
            for (int i = 0; i < 40; i++) {
                // Same high bits, different low bits of the first half and different second halves, signs mixed.
                ids.add(new UUID(prefix ^ random.nextInt(2048), random.nextLong()));
                ids.add(new UUID(prefix, random.nextBoolean() ? random.nextLong() : Long.MIN_VALUE + i));
            }
        }
        for (int i = 0; i < 1000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        assertArrayEquals(byText(ids), order(ids));
    }

    @Test
    void equalIdsKeepTheirOrder_asAStableSortDoes() {
        List<UUID> ids = List.of(new UUID(5, 1), new UUID(-5, 0), new UUID(5, 1), new UUID(5, 1));
        assertArrayEquals(new int[] {0, 2, 3, 1}, order(ids));
        assertArrayEquals(byText(ids), order(ids));
    }
}
