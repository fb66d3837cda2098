package io.auditoverlay.model.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value as JSON spelled exactly as PostgreSQL's {@code jsonb::text} prints it (PostgreSQL 15,
 * {@code JsonbToCString}), so that the text written is the text read back, character for character:
 * <ul>
 * <li>{@code {"k": v, "k2": v2}} and {@code [1, 2]} (": " and ", "), {@code {}} and {@code []};
 * <li>object keys ordered by their UTF-8 length, then their bytes (unsigned), as jsonb stores them;
 *     keys whose UTF-8 is equal (lone surrogates become '?') are one key, the last one kept, as jsonb does;
 * <li>strings escaped as {@code escape_json}: {@code \" \\ \b \f \n \r \t}, other characters below
 *     0x20 as a backslash, "u" and four lower-case hex digits, everything else as it is;
 * <li>numbers as plain decimals keeping their scale ({@code numeric} output: 1.50 stays 1.50, 1E+3 is
 *     1000); doubles through {@code Double.toString} (NaN and infinities as strings, as Jackson writes
 *     them); {@code true}, {@code false}, {@code null}.
 * </ul>
 * Any other type is written by Jackson, read back as a tree and written from the tree, so the text
 * is always jsonb's form. A string holding U+0000 is written as that escape (backslash, "u0000"), as Jackson writes it:
 * PostgreSQL refuses it either way.
 *
 * <p>The normalizer writes each row image once with this, for COPY, for {@code audit.changes} and
 * for the leaf of its hash chain (leaf format 2, docs/integrity.md), and {@code verify} hashes
 * {@code jsonb::text} as it comes. A table's images share their key instances (column names) in
 * column order, so the key order of a top-level object is sorted once per key sequence and thread.
 */
public final class JsonbText {

    private static final ThreadLocal<JsonbText> LOCAL = ThreadLocal.withInitial(JsonbText::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** numeric's limits: 131072 digits before the point, 16383 after; beyond them PostgreSQL refuses the number anyway. */
    private static final int MAX_INTEGER_DIGITS = 131_072;
    private static final int MAX_SCALE = 16_383;
    private static final int KEEP_CAPACITY = 1 << 20;

    private StringBuilder out = new StringBuilder(1024);
    private final JsonbKeyOrder orders = new JsonbKeyOrder();
    private Object[] topKeys = new Object[64];
    private Object[] topValues = new Object[64];

    private JsonbText() {
    }

    /** The value's jsonb text; null for null (no document), unlike {@code write(null, …)} inside a document. */
    public static String write(Object value) {
        return write(value, AuditJson.mapper());
    }

    /** @param json writes values of types this class does not know (then read back and written as jsonb spells them) */
    public static String write(Object value, ObjectMapper json) {
        if (value == null) {
            return null;
        }
        JsonbText w = LOCAL.get();
        StringBuilder sb = w.out;
        sb.setLength(0);
        w.value(value, json, true);
        String text = sb.toString();
        if (sb.capacity() > KEEP_CAPACITY) {
            w.out = new StringBuilder(1024); // a 5 MB image once should not stay on the thread
        }
        return text;
    }

    private void value(Object value, ObjectMapper json, boolean top) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Map<?, ?> map) {
            object(map, json, top);
        } else if (value instanceof List<?> list) {
            out.append('[');
            int i = 0;
            for (Object element : list) {
                if (i++ > 0) {
                    out.append(", ");
                }
                value(element, json, false);
            }
            out.append(']');
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            decimal(d);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof BigInteger i) {
            out.append(i);
        } else if (value instanceof Double d) {
            floating(d, Double.toString(d));
        } else if (value instanceof Float f) {
            floating(f, Float.toString(f));
        } else {
            Object plain = value instanceof JsonNode node ? plain(node) : FOREIGN;
            value(plain != FOREIGN ? plain : plain(viaJackson(value, json)), json, false);
        }
    }

    private void object(Map<?, ?> map, ObjectMapper json, boolean top) {
        int n = map.size();
        Object[] keys = top ? topKeys(n) : new Object[n];
        Object[] values = top ? topValues : new Object[n];
        int k = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || k == n) {
                value(plain(viaJackson(map, json)), json, false); // keys Jackson turns into text, or a map changing under us
                return;
            }
            keys[k] = e.getKey();
            values[k++] = e.getValue();
        }
        if (k != n) {
            value(plain(viaJackson(map, json)), json, false);
            return;
        }
        out.append('{');
        if (top) { // a table's key sequence: its order and its keys as written ('"k": ', then ', "k2": ') made once
            JsonbKeyOrder.Order order = orders.of(keys, n);
            for (int i = 0; i < order.index().length; i++) {
                out.append(order.written()[i]);
                value(values[order.index()[i]], json, false);
            }
        } else {
            int[] order = JsonbKeyOrder.sort(keys, n);
            for (int i = 0; i < order.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                string((String) keys[order[i]]);
                out.append(": ");
                value(values[order[i]], json, false);
            }
        }
        out.append('}');
        if (top) {
            Arrays.fill(keys, 0, n, null); // hold no row's values on the thread
            Arrays.fill(values, 0, n, null);
        }
    }

    /** The top level's arrays, reused (a top-level object is written once per document). */
    private Object[] topKeys(int n) {
        if (topKeys.length < n) {
            topKeys = new Object[Math.max(n, topKeys.length * 2)];
            topValues = new Object[topKeys.length];
        }
        return topKeys;
    }

    private void decimal(BigDecimal d) {
        int scale = d.scale();
        if (scale > MAX_SCALE || d.precision() - scale > MAX_INTEGER_DIGITS) {
            out.append(d); // beyond numeric: as Jackson writes it, and PostgreSQL refuses it as before
            return;
        }
        // toString is plain for a scale of 0 to 6 (its exponent form starts below an adjusted exponent of -6), and cheaper.
        out.append(scale >= 0 && scale <= 6 ? d.toString() : d.toPlainString());
    }

    private void floating(double d, String text) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            string(text); // Jackson's default: NaN and infinities as strings
            return;
        }
        out.append(new BigDecimal(text).toPlainString());
    }

    /** A string as escape_json writes it. */
    static String quoted(String s) {
        JsonbText w = new JsonbText();
        w.string(s);
        return w.out.toString();
    }

    private void string(String s) {
        StringBuilder sb = out;
        sb.append('"');
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        if (i == n) { // the usual case: nothing to escape, one copy
            sb.append(s).append('"');
            return;
        }
        int from = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        sb.append(s, from, n).append('"');
    }

    private static final Object FOREIGN = new Object();

    /** A tree as plain values (maps, lists, strings, numbers, booleans, null); FOREIGN for nodes no JSON parse makes. */
    private static Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? node.bigIntegerValue()
                    : node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                Object v = plain(element);
                if (v == FOREIGN) {
                    return FOREIGN;
                }
                list.add(v);
            }
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Object v = plain(e.getValue());
                if (v == FOREIGN) {
                    return FOREIGN;
                }
                map.put(e.getKey(), v);
            }
            return map;
        }
        return FOREIGN;
    }

    private static JsonNode viaJackson(Object value, ObjectMapper json) {
        try {
            return json.readTree(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
