package io.auditoverlay.normalizer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.json.JsonbText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonbText} spells every value exactly as PostgreSQL's {@code jsonb::text} prints it back
 * (the premise of leaf format 2: the normalizer hashes what it writes, {@code verify} what
 * {@code jsonb::text} returns), and the jsonb stored from it is the jsonb stored from Jackson's text
 * before (the same value, to the character of its text output). Through the real server: a broad set
 * of edge values, then thousands of random documents from a fixed seed.
 */
class JsonbTextPostgresIT {

    private static final ObjectMapper JSON = AuditJson.mapper();

    @Test
    void edgeValuesAreSpelledAsJsonbPrintsThem() throws Exception {
        List<Object> values = new ArrayList<>();
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            controls.append(c);
            values.add(map("c", "x" + c + "y"));
        }
        values.add(map("controls", controls.toString(), "del", "\u007f", "slash", "a/b</script>"));
        values.add(map("quotes", "\"q\" 'a' \\ \\\\ \\u0041 \\n", "unicode", "é ß 中文 😀 \u2028\u2029 \ufeff \uffff"));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String k : List.of("bb", "a", "ab", "b", "aa", "é", "z", "zz", "中", "😀", "A", "", " ", "_", "~", "ä", "e\u0301",
                "\u007f", "\u0080", "ab\u0001", "a\"b", "a\\b", "\n", "id", "ID", "Id")) {
            keys.put(k, k.length());
        }
        values.add(keys);
        values.add(map("nested", map("z", List.of(1, "2", true, map(), List.of()), "a", map("yy", map("x", List.of(List.of()))))));
        values.add(map("empty", map(), "emptyList", List.of(), "nulls", Arrays.asList(null, null), "none", map()));
        Map<String, Object> nullValue = new LinkedHashMap<>();
        nullValue.put("n", null);
        values.add(nullValue);
        values.add(new LinkedHashMap<>());
        values.add(map("d0", new BigDecimal("12"), "d2", new BigDecimal("36.50"), "d10", new BigDecimal("0.0000000001"),
                "d10b", new BigDecimal("123.4500000000"), "neg", new BigDecimal("-0.50"), "negScale", new BigDecimal("1E+3"),
                "negScale2", new BigDecimal("-12.3E+5"), "zero2", new BigDecimal("0.00"), "zeroNeg", new BigDecimal("0E+3"),
                "exp", new BigDecimal("1E-10"), "big", new BigDecimal("123456789012345678901234567890.123456789012345678901234567890")));
        values.add(map("d65_30", new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890"),
                "stripped", new BigDecimal("100").stripTrailingZeros(), "nineNines", new BigDecimal("999999999.999999999")));
        values.add(map("tiny", 1.0E-7, "tiny2", 4.9E-324, "huge", 1.7976931348623157E308, "ten", 1.0E10, "negZero", -0.0,
                "zero", 0.0, "pi", Math.PI, "third", 1.0 / 3, "neg", -2.5E-5, "e22", 1.0E22, "e23", 1.0E23, "almost", 9.999999999999999E22));
        values.add(map("f", 1.1f, "fTiny", 1.0E-20f, "fHuge", 3.4028235E38f, "nan", Double.NaN, "inf", Double.POSITIVE_INFINITY,
                "minf", Double.NEGATIVE_INFINITY, "fnan", Float.NaN));
        values.add(map("min", Long.MIN_VALUE, "max", Long.MAX_VALUE, "i", Integer.MIN_VALUE, "zero", 0L, "minus1", -1,
                "short", (short) -7, "byte", (byte) 8));
        values.add(map("bigint", new BigInteger("18446744073709551617"), "negBig", new BigInteger("-98765432109876543210987654321"),
                "b63", BigInteger.ONE.shiftLeft(63)));
        values.add(map("t", true, "f", false, "list", List.of(true, false)));
        values.add(List.of(1, "a", List.of(), map("b", 2)));
        values.add(map("masked", "***", "base64", "AAEC/w==", "date", "2026-03-29T02:30:00", "time", "838:59:59"));
        values.add(map("instant", java.time.Instant.parse("2026-11-25T10:15:30.123Z"), "date", java.time.LocalDate.of(2026, 1, 2),
                "intKeys", map(1, "one", 22, "two"), "array", new int[] {3, 1, 2}));
        assertSpelledAsJsonb(values);
    }

    @Test
    void randomDocumentsAreSpelledAsJsonbPrintsThem() throws Exception {
        Random random = new Random(20261204L);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            values.add(randomMap(random, 0));
        }
        assertSpelledAsJsonb(values);
    }

    @Test
    void aNulCharacterIsRefusedAsBefore() throws Exception {
        Map<String, Object> nul = Map.of("n", List.of("a\u0000b"));
        assertEquals(JSON.writeValueAsString(nul).replace(":", ": "), JsonbText.write(nul));
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb::text")) {
            for (String text : List.of(JsonbText.write(nul), JSON.writeValueAsString(nul))) {
                ps.setString(1, text);
                SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                assertTrue(e.getMessage().contains("unsupported Unicode escape sequence"), e.getMessage());
            }
        }
    }

    @Test
    void loneSurrogatesBecomeQuestionMarksOnBothSides() throws Exception {
        Map<String, Object> lone = new LinkedHashMap<>();
        lone.put("v", "a\ud800b\udc00c");
        lone.put("\ud83d", 1);
        lone.put("?", 2); // the same key in UTF-8 as the one above: jsonb keeps the last
        lone.put("w", "\ud83d\ude00");
        String written = JsonbText.write(lone);
        String asUtf8 = new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals("{\"?\": 2, \"v\": \"a?b?c\", \"w\": \"😀\"}", asUtf8);
        assertEquals(asUtf8, jsonbText(List.of(asUtf8)).get(0));
    }

    /** Each value's JsonbText is what jsonb prints for it, and for Jackson's text of it (the stored value did not change). */
    private static void assertSpelledAsJsonb(List<Object> values) throws Exception {
        List<String> ours = new ArrayList<>();
        List<String> jackson = new ArrayList<>();
        for (Object v : values) {
            ours.add(JsonbText.write(v));
            jackson.add(JSON.writeValueAsString(v));
        }
        List<String> fromOurs = jsonbText(ours);
        List<String> fromJackson = jsonbText(jackson);
        int checked = 0;
        for (int i = 0; i < values.size(); i++) {
            assertEquals(fromOurs.get(i), ours.get(i), "jsonb respells value " + i + ": " + jackson.get(i));
            assertEquals(fromJackson.get(i), ours.get(i), "jsonb of Jackson's text differs, value " + i + ": " + jackson.get(i));
            checked++;
        }
        assertEquals(values.size(), checked);
    }

    private static List<String> jsonbText(List<String> texts) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT t::jsonb::text FROM unnest(?::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n")) {
            for (int from = 0; from < texts.size(); from += 500) {
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 500));
                Array array = c.createArrayOf("text", chunk.toArray());
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        assertEquals(texts.size(), out.size());
        return out;
    }

    private static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static final String[] KEY_PARTS = {"a", "b", "id", "total", "é", "ß", "中", "😀", "A", "_", "0", "\u007f", "\t", "\"", "\\",
        "\u0001", "zz", "Ä", "e\u0301", " "};

    private static Map<String, Object> randomMap(Random r, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int n = r.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < n; i++) {
            StringBuilder key = new StringBuilder();
            int parts = r.nextInt(4);
            for (int p = 0; p < parts; p++) {
                key.append(KEY_PARTS[r.nextInt(KEY_PARTS.length)]);
            }
            map.put(key.toString(), randomValue(r, depth));
        }
        return map;
    }

    private static Object randomValue(Random r, int depth) {
        switch (r.nextInt(depth < 3 ? 13 : 11)) {
            case 0: return null;
            case 1: return r.nextBoolean();
            case 2: return r.nextLong() >> r.nextInt(64);
            case 3: return new BigDecimal(new BigInteger(r.nextInt(120) + 1, r), r.nextInt(40) - 10).negate().multiply(BigDecimal.valueOf(r.nextBoolean() ? 1 : -1));
            case 4: return new BigInteger(64 + r.nextInt(100), r).multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1));
            case 5: return Double.longBitsToDouble(r.nextLong());
            case 6: return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 7: return (float) (r.nextGaussian() * 1000);
            case 8: case 9: case 10: return randomString(r);
            case 11: return randomMap(r, depth + 1);
            default:
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(r, depth + 1));
                }
                return list;
        }
    }

    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(20);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> s.append((char) (1 + r.nextInt(0x1f)));
                case 1 -> s.append((char) (0x20 + r.nextInt(0x60)));
                case 2 -> s.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> s.append((char) (r.nextBoolean() ? 0x800 + r.nextInt(0xd000) : 0xe000 + r.nextInt(0x2000)));
                case 4 -> s.appendCodePoint(0x10000 + r.nextInt(0xfffff));
                default -> s.append("\"\\/\u007f".charAt(r.nextInt(4)));
            }
        }
        return s.toString();
    }

    private static Connection connect() throws Exception {
        String url = "jdbc:postgresql://" + System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("AUDIT_DB_PORT", "5432") + "/postgres";
        return DriverManager.getConnection(url, System.getenv().getOrDefault("AUDIT_DB_USER", "postgres"),
                System.getenv().getOrDefault("AUDIT_DB_PASSWORD", ""));
    }
}
