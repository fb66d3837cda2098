package io.auditoverlay.model.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
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
        if (leaves.isEmpty()) {
            return Hashes.sha256().digest();
        }
        List<byte[]> level = leaves;
        MessageDigest digest = Hashes.sha256();
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 == level.size()) {
                    up.add(level.get(i));
                } else {
                    digest.update((byte) 0x01);
                    digest.update(level.get(i));
                    digest.update(level.get(i + 1));
                    up.add(digest.digest());
                }
            }
            level = up;
        }
        return level.get(0);
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
