package io.auditoverlay.model.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling for every JSON value that means the same to PostgreSQL's {@code jsonb}: object keys
 * sorted, no white space, numbers as plain decimals without trailing zeros. The normalizer hashes the
 * JSON it writes and {@code verify} hashes what {@code jsonb::text} gives back; both pass through
 * here, so that key order, spacing and number spelling (which jsonb rewrites) do not matter and
 * any change of a value does.
 */
public final class CanonicalJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private CanonicalJson() {
    }

    /** The canonical text of a JSON document, or null for null. */
    public static String of(String json) {
        if (json == null) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            parser.nextToken();
            StringBuilder out = new StringBuilder(json.length());
            if (!write(read(parser), out)) {
                throw new IllegalStateException("unreachable: parsed JSON holds only JSON types");
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The canonical text of a value as the normalizer holds it before writing it as JSON (maps,
     * lists, strings, booleans, integers, BigDecimal), without writing and parsing it again: the same
     * text {@link #of(String)} gives for its JSON. Null when the value holds anything else (a double,
     * whose JSON spelling depends on the writer): the caller then canonicalises the JSON it wrote.
     */
    public static String ofValue(Object value) {
        StringBuilder out = new StringBuilder(256);
        return write(value, out) ? out.toString() : null;
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                TreeMap<String, Object> map = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new BigDecimal(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + t);
        }
    }

    /** Writes a value canonically; false when it holds a type JSON parsing never yields. */
    static boolean write(Object value, StringBuilder out) {
        try {
            return write(value, (Appendable) out);
        } catch (IOException e) {
            throw new UncheckedIOException("unreachable: a StringBuilder does not fail", e);
        }
    }

    /**
     * Writes a value canonically to any sink (the leaf hashes it straight into its UTF-8 buffer);
     * false when it holds a type JSON parsing never yields, with part of it possibly written.
     */
    static boolean write(Object value, Appendable out) throws IOException {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
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
            out.append('{');
            for (int i = 0; i < k; i++) {
                if (i > 0) {
                    out.append(',');
                }
                string((String) keys[order[i]], out);
                out.append(':');
                if (!write(values[order[i]], out)) {
                    return false;
                }
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (!write(list.get(i), out)) {
                    return false;
                }
            }
            out.append(']');
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof BigDecimal d) {
            out.append(plain(d));
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(Long.toString(((Number) value).longValue()));
        } else if (value instanceof BigInteger i) {
            out.append(i.toString());
        } else {
            return false;
        }
        return true;
    }

    /** Plain digits without trailing fractional zeros: 1.50 → 1.5, 1E+3 → 1000, 0.00 → 0. */
    static String plain(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        String s = d.toPlainString();
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A JSON string: quote, backslash and control characters escaped, everything else as is (in runs). */
    private static void string(String text, Appendable out) throws IOException {
        out.append('"');
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(text, run, i);
                run = i + 1;
                if (c < 0x20) {
                    out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                } else {
                    out.append('\\').append(c);
                }
            }
        }
        out.append(text, run, text.length());
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
