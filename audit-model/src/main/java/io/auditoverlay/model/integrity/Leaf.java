package io.auditoverlay.model.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * The hash of one stored row: SHA-256 over a 0x00 prefix and the row's fields in a fixed order,
 * each written as a type tag, a length and its bytes (so that no two rows share an encoding).
 * Times count microseconds (what PostgreSQL keeps), JSON is {@link CanonicalJson canonical}.
 */
public final class Leaf {

    private final MessageDigest digest = Hashes.sha256();

    private Leaf() {
        digest.update((byte) 0x00);
    }

    public static Leaf of(String table) {
        return new Leaf().text(table);
    }

    public Leaf text(String value) {
        if (value == null) {
            digest.update((byte) 'N');
            return this;
        }
        return bytes('S', value.getBytes(StandardCharsets.UTF_8));
    }

    public Leaf number(Number value) {
        return value == null ? text(null) : bytes('I', Long.toString(value.longValue()).getBytes(StandardCharsets.US_ASCII));
    }

    public Leaf bool(Boolean value) {
        return value == null ? text(null) : bytes('B', new byte[] {(byte) (value ? 1 : 0)});
    }

    /** A time as PostgreSQL stores it: microseconds, the nanoseconds rounded half to even as its input does. */
    public Leaf time(Instant value) {
        return value == null ? text(null) : bytes('T', Long.toString(micros(value)).getBytes(StandardCharsets.US_ASCII));
    }

    /** A JSON document, canonicalised first. */
    public Leaf json(String value) {
        return value == null ? text(null) : bytes('J', CanonicalJson.of(value).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A value as written to JSON ({@code json} is what was written): canonicalised from the value
     * itself when it can be (no second parse), else from its JSON. The same bytes either way.
     */
    public Leaf json(Object value, String json) {
        if (json == null) {
            return text(null);
        }
        String canonical = CanonicalJson.ofValue(value);
        return bytes('J', (canonical != null ? canonical : CanonicalJson.of(json)).getBytes(StandardCharsets.UTF_8));
    }

    public Leaf texts(List<String> values) {
        if (values == null) {
            return text(null);
        }
        bytes('A', Integer.toString(values.size()).getBytes(StandardCharsets.US_ASCII));
        values.forEach(this::text);
        return this;
    }

    public byte[] hash() {
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

    private Leaf bytes(char tag, byte[] bytes) {
        digest.update((byte) tag);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
        return this;
    }
}
