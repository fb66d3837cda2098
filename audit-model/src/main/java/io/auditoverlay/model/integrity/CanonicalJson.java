package io.auditoverlay.model.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
            Object value = read(parser);
            StringWriter out = new StringWriter(json.length());
            try (JsonGenerator gen = FACTORY.createGenerator(out)) {
                write(gen, value);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
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
                return number(p.getText());
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

    /** A JSON number as jsonb's numeric would compare it: 1.50, 1.5 and 15E-1 are one number. */
    static Number number(String text) {
        BigDecimal d = new BigDecimal(text);
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                gen.writeFieldName(e.getKey());
                write(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else if (value instanceof BigDecimal d) {
            gen.writeNumber(d.toPlainString());
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else {
            gen.writeString((String) value);
        }
    }
}
