package io.auditoverlay.model.integrity;

import io.auditoverlay.model.change.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A change link's row ids and binlog positions in binary (docs/integrity.md, "Link formats"): the
 * ids as 16 bytes each ({@code row_uuids}), the positions as one byte string
 * ({@code row_positions_packed}). Text arrays cost the writer an escaped element per row and the
 * reader a parse per element; these are a copy each way. Neither is hashed: a link's rows are bound
 * by their leaves, which hash the row's id and every column, so the form the ids travel in does not
 * weaken the chain.
 *
 * <p>Positions: a version byte, then per row a flag byte (1 file, 2 pos, 4 row, 8 GTID: which
 * are present), the file as a reference into the link's strings, pos as an unsigned varint, row as a
 * zigzag varint, the GTID as a reference. A reference is a varint: below the number of strings met so
 * far, that string; equal to it, a new one follows (varint length, UTF-8). A batch's rows share a few
 * file names, and a transaction's rows its GTID.
 *
 * <p>The version byte is also the link's leaf format ({@link ChainLink#leafFormat()}): 1 for leaf
 * format 1 (written only when a row has a position; no positions at all is format 1 too), 2 for leaf
 * format 2, always written (a row without a position has flag byte 0), so every format-2 link says so.
 * The packing is the same in both. The link hash covers the format, so a version byte changed
 * afterwards breaks the link.
 */
public final class PackedLink {

    static final int FILE = 1;
    static final int POS = 2;
    static final int ROW = 4;
    static final int GTID = 8;

    /** A link's ids as {@code uuid[]} in SQL, whichever form it holds them in ({@code alias} names the chain_link row). */
    public static String idsSql(String alias) {
        return "coalesce(" + alias + ".row_ids::uuid[], ARRAY(SELECT encode(substr(" + alias + ".row_uuids, i * 16 + 1, 16), 'hex')::uuid "
                + "FROM generate_series(0, length(" + alias + ".row_uuids) / 16 - 1) i ORDER BY i))";
    }

    private PackedLink() {
    }

    /** Unsigned, as the ids' text sorts: the order of a link's rows. */
    public static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** The ids of rows sorted by id, 16 bytes each ({@code row_uuids}). */
    public static byte[] ids(List<ChainEntry> sorted) {
        return LinkRows.sorted(sorted).ids();
    }

    /** The ids back as text, as {@code row_ids} holds them. */
    public static List<String> ids(byte[] packed) {
        if (packed.length % 16 != 0) {
            throw new IllegalArgumentException("packed ids must be a multiple of 16 bytes");
        }
        String[] out = new String[packed.length / 16];
        for (int i = 0; i < out.length; i++) {
            out[i] = new UUID(getLong(packed, i * 16), getLong(packed, i * 16 + 8)).toString();
        }
        return Arrays.asList(out);
    }

    /** The rows' positions in version 1 (leaf format 1), null when none has one. */
    public static byte[] positions(List<ChainEntry> sorted) {
        return positions(sorted, ChainLink.LEAF_CANONICAL);
    }

    /** The rows' positions for a link of the leaf format; for format 1 null when no row has one, for format 2 always. */
    public static byte[] positions(List<ChainEntry> sorted, int leafFormat) {
        return LinkRows.sorted(sorted).positions(leafFormat);
    }

    /** The leaf format of a packed link with these positions: 1 without any, else their version byte (1 or 2). */
    public static int leafFormat(byte[] packed) {
        if (packed == null) {
            return ChainLink.LEAF_CANONICAL;
        }
        if (packed.length == 0 || (packed[0] != ChainLink.LEAF_CANONICAL && packed[0] != ChainLink.LEAF_JSONB_TEXT)) {
            throw new IllegalArgumentException("unknown packed positions version");
        }
        return packed[0];
    }

    /** The positions as text ({@link ChainedTable#position(SourcePosition)}), as {@code row_positions} holds them. */
    public static List<String> positions(byte[] packed, int rows) {
        if (packed == null) {
            return null;
        }
        leafFormat(packed);
        In in = new In(packed);
        List<String> strings = new ArrayList<>();
        List<String> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int flags = in.get();
            String file = (flags & FILE) != 0 ? in.string(strings) : null;
            Long pos = (flags & POS) != 0 ? in.varint() : null;
            Integer row = null;
            if ((flags & ROW) != 0) {
                long z = in.varint();
                row = (int) ((z >>> 1) ^ -(z & 1));
            }
            String gtid = (flags & GTID) != 0 ? in.string(strings) : null;
            out.add(ChainedTable.position(new SourcePosition(null, file, pos, row, gtid, false)));
        }
        return out;
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    private static final class In {
        private final byte[] buf;
        private int at;

        In(byte[] buf) {
            this.buf = buf;
            this.at = 1;
        }

        int get() {
            if (at >= buf.length) {
                throw new IllegalArgumentException("packed positions end early");
            }
            return buf[at++] & 0xff;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = get();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("packed positions hold a malformed number");
        }

        String string(List<String> strings) {
            long ref = varint();
            if (ref < strings.size()) {
                return strings.get((int) ref);
            }
            if (ref != strings.size()) {
                throw new IllegalArgumentException("packed positions refer to an unknown string");
            }
            int n = (int) varint();
            if (n < 0 || at + n > buf.length) {
                throw new IllegalArgumentException("packed positions end early");
            }
            String s = new String(buf, at, n, StandardCharsets.UTF_8);
            at += n;
            strings.add(s);
            return s;
        }
    }
}
