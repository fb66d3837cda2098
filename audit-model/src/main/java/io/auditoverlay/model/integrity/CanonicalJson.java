package io.auditoverlay.model.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One spelling for every JSON value that means the same to PostgreSQL's {@code jsonb}: object keys
 * sorted, no white space, numbers as plain decimals without trailing zeros: the JSON of leaf format 1
 * (business events, status changes, and change links written before format 2). The writer hashes the
 * JSON it writes and {@code verify} hashes what {@code jsonb::text} gives back; both pass through
 * here, so that key order, spacing and number spelling (which jsonb rewrites) do not matter and
 * any change of a value does. (Leaf format 2 needs none of this: the normalizer writes
 * {@code jsonb::text}'s own spelling, {@code JsonbText}, and both sides hash that text.) The one writer of the canonical form is {@link LeafJson}, which the
 * leaf hashes straight from; the texts here are its UTF-8 decoded.
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
            String canonical = Leaf.canonicalText(read(parser));
            if (canonical == null) {
                throw new IllegalStateException("unreachable: parsed JSON holds only JSON types");
            }
            return canonical;
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
        return Leaf.canonicalText(value);
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

}
