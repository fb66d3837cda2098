package io.auditoverlay.model.integrity;

import static io.auditoverlay.model.integrity.PackedLink.FILE;
import static io.auditoverlay.model.integrity.PackedLink.GTID;
import static io.auditoverlay.model.integrity.PackedLink.POS;
import static io.auditoverlay.model.integrity.PackedLink.ROW;

import io.auditoverlay.model.change.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A change link's rows as the link step writes them ({@link PackedLink}'s forms: ids, leaves,
 * positions), each row's objects read once, in the order the batch holds them, into primitive arrays;
 * the id order is then a permutation of those arrays ({@link IdOrder}).
 *
 * <p>Why: a row's objects (its entry, id, leaf, position and the position's strings) were made one
 * after another on a mapping thread, so in batch order they are read nearly in the order they lie in
 * memory. Read in id order, which is random, nearly every read missed the cache: the link step cost
 * about 2 µs a row on the store thread in the profile of 2026-12-04 (docs/integrity.md, "Sixth session").
 */
final class LinkRows {

    private final List<ChainEntry> rows;
    private final int n;
    private final long[] msb;
    private final long[] lsb;
    private final byte[] leafBytes;
    /** Per row: which of file, pos, row and GTID it has (the packed flag byte); -1 for a row without a position. */
    private final byte[] flags;
    private final long[] pos;
    private final int[] row;
    /** Per row: its file and GTID as indexes into {@link #strings}, numbered in batch order. */
    private final int[] file;
    private final int[] gtid;
    private final List<String> strings = new ArrayList<>();
    private boolean anyPosition;
    private int lastFile = -1;
    private int lastGtid = -1;
    /** The rows by id: {@code order[k]} is the batch index of the k-th row. */
    private final int[] order;

    private LinkRows(List<ChainEntry> rows, boolean byId) {
        this.rows = rows;
        this.n = rows.size();
        msb = new long[n];
        lsb = new long[n];
        leafBytes = new byte[n * 32];
        flags = new byte[n];
        pos = new long[n];
        row = new int[n];
        file = new int[n];
        gtid = new int[n];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ChainEntry e = rows.get(i);
            msb[i] = e.uuid().getMostSignificantBits();
            lsb[i] = e.uuid().getLeastSignificantBits();
            System.arraycopy(e.leaf(), 0, leafBytes, i * 32, 32);
            gather(i, e.at(), ids);
        }
        this.order = byId ? IdOrder.order(msb, lsb) : identity(n);
    }

    /** The rows of a link (each with a {@link ChainEntry#uuid()}), to be written sorted by id. */
    static LinkRows byId(List<ChainEntry> rows) {
        return new LinkRows(rows, true);
    }

    /** Rows already sorted by id, to be written as they are. */
    static LinkRows sorted(List<ChainEntry> sorted) {
        return new LinkRows(sorted, false);
    }

    private void gather(int i, SourcePosition p, Map<String, Integer> ids) {
        if (p == null) {
            flags[i] = -1;
            return;
        }
        anyPosition = true;
        int f = 0;
        if (p.file() != null) {
            f |= FILE;
            file[i] = lastFile = stringId(p.file(), lastFile, ids);
        }
        if (p.pos() != null) {
            f |= POS;
            pos[i] = p.pos();
        }
        if (p.row() != null) {
            f |= ROW;
            row[i] = p.row();
        }
        if (p.gtid() != null) {
            f |= GTID;
            gtid[i] = lastGtid = stringId(p.gtid(), lastGtid, ids);
        }
        flags[i] = (byte) f;
    }

    /** The string's number; consecutive rows mostly share their file and, within a transaction, their GTID: {@code last} is tried first. */
    private int stringId(String s, int last, Map<String, Integer> ids) {
        if (last >= 0 && s.equals(strings.get(last))) {
            return last;
        }
        Integer id = ids.get(s);
        if (id == null) {
            id = strings.size();
            ids.put(s, id);
            strings.add(s);
        }
        return id;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        return order;
    }

    int size() {
        return n;
    }

    /** The entries by id (a view: nothing is read until asked). */
    List<ChainEntry> entries() {
        return new AbstractList<>() {
            @Override
            public ChainEntry get(int k) {
                return rows.get(order[k]);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** The ids by id, 16 bytes each ({@code row_uuids}). */
    byte[] ids() {
        byte[] out = new byte[n * 16];
        for (int k = 0; k < n; k++) {
            putLong(out, k * 16, msb[order[k]]);
            putLong(out, k * 16 + 8, lsb[order[k]]);
        }
        return out;
    }

    /** The leaves by id, 32 bytes each ({@code leaves}, what {@link Merkle#root(byte[])} takes). */
    byte[] leaves() {
        byte[] out = new byte[n * 32];
        for (int k = 0; k < n; k++) {
            System.arraycopy(leafBytes, order[k] * 32, out, k * 32, 32);
        }
        return out;
    }

    /**
     * The positions by id ({@code row_positions_packed}, see {@link PackedLink}): for leaf format 1
     * null when no row has one, for format 2 always. String references count the strings in the
     * order the link writes them, whatever order they were gathered in.
     */
    byte[] positions(int leafFormat) {
        if (leafFormat != ChainLink.LEAF_CANONICAL && leafFormat != ChainLink.LEAF_JSONB_TEXT) {
            throw new IllegalArgumentException("unknown leaf format " + leafFormat);
        }
        if (!anyPosition && leafFormat == ChainLink.LEAF_CANONICAL) {
            return null;
        }
        Out out = new Out(n * 8 + 16);
        out.put((byte) leafFormat);
        int[] written = new int[strings.size()];
        Arrays.fill(written, -1);
        int[] count = {0};
        for (int k = 0; k < n; k++) {
            int i = order[k];
            int f = flags[i] == -1 ? 0 : flags[i];
            out.put((byte) f);
            if ((f & FILE) != 0) {
                out.string(file[i], strings, written, count);
            }
            if ((f & POS) != 0) {
                out.varint(pos[i]);
            }
            if ((f & ROW) != 0) {
                out.varint(((long) row[i] << 1) ^ (row[i] >> 31));
            }
            if ((f & GTID) != 0) {
                out.string(gtid[i], strings, written, count);
            }
        }
        return out.bytes();
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int size) {
            buf = new byte[size];
        }

        void put(byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
        }

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                put((byte) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            put((byte) v);
        }

        /** A reference: the string's number among those written so far, or the next number and the string itself. */
        void string(int id, List<String> strings, int[] written, int[] count) {
            if (written[id] >= 0) {
                varint(written[id]);
                return;
            }
            written[id] = count[0]++;
            varint(written[id]);
            byte[] utf8 = strings.get(id).getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            for (byte b : utf8) {
                put(b);
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }
}
