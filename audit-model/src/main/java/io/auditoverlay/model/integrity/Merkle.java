package io.auditoverlay.model.integrity;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary Merkle tree over leaf hashes (RFC 6962 style: a node is SHA-256 of 0x01 and its two
 * children; an odd node at the end of a level moves up unchanged). The root of no leaves is
 * SHA-256 of nothing.
 */
public final class Merkle {

    private Merkle() {
    }

    public static byte[] root(List<byte[]> leaves) {
        return root(pack(leaves));
    }

    /**
     * The root over leaves stored side by side, 32 bytes each ({@link #pack}), as a link keeps them.
     * Each level is written over the one below it in one array, and each node is hashed in one call
     * from one scratch buffer: no array and no digest call per child (the normalizer hashes about
     * 2,000 nodes a batch on its store thread).
     */
    public static byte[] root(byte[] packed) {
        if (packed.length % 32 != 0) {
            throw new IllegalArgumentException("packed leaves must be a multiple of 32 bytes");
        }
        MessageDigest digest = Hashes.sha256();
        int n = packed.length / 32;
        if (n == 0) {
            return digest.digest();
        }
        byte[] level = packed.clone();
        byte[] node = new byte[65];
        node[0] = 0x01;
        try {
            while (n > 1) {
                int up = 0;
                for (int i = 0; i < n; i += 2, up++) {
                    if (i + 1 == n) {
                        System.arraycopy(level, i * 32, level, up * 32, 32); // an odd node moves up unchanged
                    } else {
                        System.arraycopy(level, i * 32, node, 1, 64); // read both children before the parent overwrites
                        digest.update(node, 0, node.length);
                        digest.digest(level, up * 32, 32);
                    }
                }
                n = up;
            }
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 writes 32 bytes", e);
        }
        return Arrays.copyOf(level, 32);
    }

    /** The leaves stored side by side (32 bytes each), as a link keeps them, back into a list. */
    public static List<byte[]> split(byte[] packed) {
        if (packed.length % 32 != 0) {
            throw new IllegalArgumentException("packed leaves must be a multiple of 32 bytes");
        }
        List<byte[]> out = new ArrayList<>(packed.length / 32);
        for (int i = 0; i < packed.length; i += 32) {
            byte[] leaf = new byte[32];
            System.arraycopy(packed, i, leaf, 0, 32);
            out.add(leaf);
        }
        return out;
    }

    public static byte[] pack(List<byte[]> leaves) {
        byte[] out = new byte[leaves.size() * 32];
        for (int i = 0; i < leaves.size(); i++) {
            System.arraycopy(leaves.get(i), 0, out, i * 32, 32);
        }
        return out;
    }
}
