package io.auditoverlay.model.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The hash of one stored row: SHA-256 over a 0x00 prefix and the row's fields in a fixed order,
 * each written as a type tag, a length and its bytes (so that no two rows share an encoding).
 * Times count microseconds (what PostgreSQL keeps). JSON is {@link CanonicalJson canonical} in leaf
 * format 1 ({@link #json}); in format 2 it is hashed as {@code jsonb::text} spells it ({@link #jsonText}).
 *
 * <p>The normalizer computes one per stored row, so the fields are encoded into one reused buffer
 * per thread and hashed in a single digest call.
 */
public final class Leaf {

    private static final ThreadLocal<Leaf> REUSED = ThreadLocal.withInitial(Leaf::new);
    /** Where {@link #canonicalText} writes: apart from REUSED, which may be a leaf half built. */
    private static final ThreadLocal<Leaf> SCRATCH = ThreadLocal.withInitial(Leaf::new);

    private final MessageDigest digest = Hashes.sha256();
    /** The leaf's bytes so far ({@link LeafJson} writes here too). */
    byte[] buf = new byte[1024];
    int len;

    private Leaf() {
    }

    /** A leaf being built on this thread (finish it with {@link #hash()} before starting another). */
    public static Leaf of(String table) {
        Leaf leaf = REUSED.get();
        leaf.len = 0;
        leaf.put((byte) 0x00);
        return leaf.text(table);
    }

    public Leaf text(String value) {
        if (value == null) {
            put((byte) 'N');
            return this;
        }
        int at = open('S');
        utf8(value, 0, value.length());
        return close(at);
    }

    /** A UUID as its text ({@code text(id.toString())}, the same bytes), without making the string. */
    public Leaf uuid(UUID value) {
        if (value == null) {
            return text(null);
        }
        int at = open('S');
        ensure(36);
        hex(value.getMostSignificantBits() >>> 32, 8);
        buf[len++] = '-';
        hex(value.getMostSignificantBits() >>> 16, 4);
        buf[len++] = '-';
        hex(value.getMostSignificantBits(), 4);
        buf[len++] = '-';
        hex(value.getLeastSignificantBits() >>> 48, 4);
        buf[len++] = '-';
        hex(value.getLeastSignificantBits(), 12);
        return close(at);
    }

    private void hex(long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        len += digits;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public Leaf number(Number value) {
        if (value == null) {
            return text(null);
        }
        int at = open('I');
        LeafJson.digits(value.longValue(), this);
        return close(at);
    }

    public Leaf bool(Boolean value) {
        if (value == null) {
            return text(null);
        }
        int at = open('B');
        put((byte) (value ? 1 : 0));
        return close(at);
    }

    /** A time as PostgreSQL stores it: microseconds, the nanoseconds rounded half to even as its input does. */
    public Leaf time(Instant value) {
        if (value == null) {
            return text(null);
        }
        int at = open('T');
        LeafJson.digits(micros(value), this);
        return close(at);
    }

    /** A JSON document, canonicalised first. */
    public Leaf json(String value) {
        if (value == null) {
            return text(null);
        }
        int at = open('J');
        String canonical = CanonicalJson.of(value);
        utf8(canonical, 0, canonical.length());
        return close(at);
    }

    /**
     * A value as written to JSON ({@code json} is what was written): canonicalised from the value
     * itself when it can be (no second parse, straight into the hashed bytes), else from its JSON.
     * The same bytes either way.
     */
    public Leaf json(Object value, String written) {
        if (written == null) {
            return text(null);
        }
        int at = open('J');
        if (!LeafJson.write(value, this)) {
            len = at + 4; // drop what was written before the value turned out to need its JSON
            String canonicalWritten = CanonicalJson.of(written);
            utf8(canonicalWritten, 0, canonicalWritten.length());
        }
        return close(at);
    }

    /**
     * A JSON document hashed as it is spelled, in UTF-8 (leaf format 2): the normalizer writes its
     * images as {@code jsonb::text} spells them ({@code JsonbText}) and {@code verify} hashes
     * {@code jsonb::text} as returned, so no side canonicalises. Its own tag: a format-2 leaf never
     * equals a format-1 one.
     */
    public Leaf jsonText(String value) {
        if (value == null) {
            return text(null);
        }
        int at = open('K');
        // String.getBytes: the JDK's vectorised encoder (a copy for ASCII text), the same bytes as utf8 (lone surrogates as '?').
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return close(at);
    }

    public Leaf texts(List<String> values) {
        if (values == null) {
            return text(null);
        }
        int at = open('A');
        LeafJson.digits(values.size(), this);
        close(at);
        for (int i = 0; i < values.size(); i++) { // no lambda and no iterator a row: the normalizer hashes every row's changed columns
            text(values.get(i));
        }
        return this;
    }

    /** The canonical JSON text of a value ({@link CanonicalJson}), or null when it holds a type JSON parsing never yields. */
    static String canonicalText(Object value) {
        Leaf scratch = SCRATCH.get();
        scratch.len = 0;
        return LeafJson.write(value, scratch) ? new String(scratch.buf, 0, scratch.len, StandardCharsets.UTF_8) : null;
    }

    public byte[] hash() {
        digest.update(buf, 0, len);
        return digest.digest();
    }

    static long micros(Instant t) {
        long nanos = t.getNano();
        long micros = nanos / 1000;
        long rest = nanos % 1000;
        if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
            micros++;
        }
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), micros);
    }

    /** Writes the tag and room for the length; returns where the length goes. */
    private int open(char tag) {
        put((byte) tag);
        ensure(4);
        int at = len;
        len += 4;
        return at;
    }

    private Leaf close(int at) {
        int n = len - at - 4;
        buf[at] = (byte) (n >>> 24);
        buf[at + 1] = (byte) (n >>> 16);
        buf[at + 2] = (byte) (n >>> 8);
        buf[at + 3] = (byte) n;
        return this;
    }

    void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** UTF-8, as String.getBytes would (a lone surrogate becomes '?'), without the intermediate array. */
    void utf8(CharSequence s, int start, int end) {
        ensure((end - start) * 3);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xf0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                buf[len++] = (byte) '?';
            } else {
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
