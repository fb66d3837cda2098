package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roots every stored link carries: fixed, whatever way {@link Merkle} computes them. */
class MerkleTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(Hashes.sha256().digest(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    /** The definition, level by level as docs/integrity.md states it: SHA-256(0x01 | left | right), an odd node moves up. */
    private static byte[] byDefinition(List<byte[]> level) {
        if (level.isEmpty()) {
            return Hashes.sha256().digest();
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 < level.size()) {
                    byte[] node = new byte[65];
                    node[0] = 0x01;
                    System.arraycopy(level.get(i), 0, node, 1, 32);
                    System.arraycopy(level.get(i + 1), 0, node, 33, 32);
                    up.add(Hashes.sha256().digest(node));
                } else {
                    up.add(level.get(i));
                }
            }
            level = up;
        }
        return level.get(0);
    }

    @Test
    void rootsAreThoseOfBuild41efd2f() {
        // Computed by Merkle.root at 41efd2f (before the in-place version) over SHA-256("leaf " + i).
        Map<Integer, String> known = Map.of(
                0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                1, "20e325f06280f9d0d193fed01a0eda5bef79063f2e602d93e3605cbe825d96ad",
                2, "f144df624799925694e508633caa327381203f11ce2ace52fe59180c2765ec8b",
                3, "a6a9e7108faffdbc111c27e267292784a41285cf08cd25ef4d9c7b8389a9344a",
                5, "ebccaf4cdf7b8d72f1e23cabfd36d2c3f6abeb0ed0e390109f976dfe885b6d91",
                8, "ad2616073f5c384373e3aa5306340f604e46bd13912d5328be76f0286ee6cff8",
                13, "22a6cdf78d943c06edb26e08f0b5e7cb52d6379381a3c549a44c83318a71271b",
                2000, "3c065fa81f4fc4f7dba61924fec5688c2692626147dfd16ccbcf2bf8f33da337");
        known.forEach((n, root) -> {
            assertEquals(root, Hashes.hex(Merkle.root(leaves(n))), n + " leaves");
            assertEquals(root, Hashes.hex(Merkle.root(Merkle.pack(leaves(n)))), n + " leaves, packed");
        });
    }

    @Test
    void everySizeGivesTheRootOfTheDefinition_andLeavesThePackedInputAlone() {
        for (int n = 0; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            byte[] packed = Merkle.pack(leaves);
            byte[] copy = packed.clone();
            assertArrayEquals(byDefinition(leaves), Merkle.root(packed), n + " leaves");
            assertArrayEquals(copy, packed, "the caller's packed leaves are not overwritten");
        }
        assertThrows(IllegalArgumentException.class, () -> Merkle.root(new byte[33]));
    }
}
