package io.auditoverlay.model.integrity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * {@link CanonicalJson}'s form of a value written straight into a leaf's UTF-8 buffer: the same
 * bytes as {@code CanonicalJson.ofValue(value)} in UTF-8 ({@code IntegrityPrimitivesTest} checks it),
 * without a character sink per call or a string per number. Leaf format 1 only: the normalizer's
 * change links are format 2 now, whose leaves hash the images' jsonb text as written.
 */
final class LeafJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LeafJson() {
    }

    /** False when the value holds a type JSON parsing never yields (part of it possibly written). */
    static boolean write(Object value, Leaf leaf) {
        if (value == null) {
            leaf.ascii("null");
        } else if (value instanceof String text) {
            string(text, leaf);
        } else if (value instanceof Map<?, ?> map) {
            int n = map.size();
            Object[] keys = new Object[n];
            Object[] values = new Object[n];
            int k = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return false;
                }
                keys[k] = e.getKey();
                values[k++] = e.getValue();
            }
            int[] order = KeyOrder.of(keys, k);
            leaf.put((byte) '{');
            for (int i = 0; i < k; i++) {
                if (i > 0) {
                    leaf.put((byte) ',');
                }
                string((String) keys[order[i]], leaf);
                leaf.put((byte) ':');
                if (!write(values[order[i]], leaf)) {
                    return false;
                }
            }
            leaf.put((byte) '}');
        } else if (value instanceof List<?> list) {
            leaf.put((byte) '[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    leaf.put((byte) ',');
                }
                if (!write(list.get(i), leaf)) {
                    return false;
                }
            }
            leaf.put((byte) ']');
        } else if (value instanceof Boolean b) {
            leaf.ascii(b ? "true" : "false");
        } else if (value instanceof BigDecimal d) {
            leaf.ascii(CanonicalJson.plain(d));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            digits(((Number) value).longValue(), leaf);
        } else if (value instanceof BigInteger i) {
            leaf.ascii(i.toString());
        } else {
            return false;
        }
        return true;
    }

    /** A long's decimal digits, as Long.toString spells them. */
    static void digits(long v, Leaf leaf) {
        if (v == Long.MIN_VALUE) {
            leaf.ascii(Long.toString(v));
            return;
        }
        leaf.ensure(20);
        if (v < 0) {
            leaf.buf[leaf.len++] = '-';
            v = -v;
        }
        int n = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            n++;
        }
        for (int i = leaf.len + n - 1; i >= leaf.len; i--) {
            leaf.buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        leaf.len += n;
    }

    /** A JSON string: quote, backslash and control characters escaped, everything else as UTF-8. */
    private static void string(String text, Leaf leaf) {
        int length = text.length();
        leaf.ensure(length * 6 + 2);
        byte[] b = leaf.buf;
        int n = leaf.len;
        b[n++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[n++] = '\\';
                }
                b[n++] = (byte) c;
            } else if (c < 0x20) {
                b[n++] = '\\';
                b[n++] = 'u';
                b[n++] = '0';
                b[n++] = '0';
                b[n++] = HEX[c >> 4];
                b[n++] = HEX[c & 0xf];
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)) ? i + 2 : i + 1;
                leaf.len = n;
                leaf.utf8(text, i, end);
                b = leaf.buf;
                n = leaf.len;
                i = end - 1;
            }
        }
        b[n++] = '"';
        leaf.len = n;
    }
}
