package io.auditoverlay.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonbText's spelling, literally; normalizer-service's JsonbTextPostgresIT holds it against the server. */
class JsonbTextTest {

    @Test
    void objectsAndArraysAreSpacedAndKeysOrderedByUtf8LengthThenBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bb", 1L);
        m.put("a", List.of(1, 2));
        m.put("é", Map.of());
        m.put("ab", List.of());
        m.put("B", "x");
        m.put("中", true);
        m.put("z", null);
        // "é" is 2 bytes, "中" 3: after every one-byte key, among and after the two-byte ones.
        assertEquals("{\"B\": \"x\", \"a\": [1, 2], \"z\": null, \"ab\": [], \"bb\": 1, \"é\": {}, \"中\": true}", JsonbText.write(m));
        assertEquals("{}", JsonbText.write(Map.of()));
        assertEquals("[]", JsonbText.write(List.of()));
        assertNull(JsonbText.write(null));
    }

    @Test
    void stringsAreEscapedAsEscapeJson() {
        assertEquals("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \u007f / é 😀\"",
                JsonbText.write("q\" b\\ \b\f\n\r\t \u0001\u001f \u007f / é 😀"));
        assertEquals("[\"\\u0000\"]", JsonbText.write(List.of("\u0000")), "as Jackson writes it: PostgreSQL refuses it");
    }

    @Test
    void numbersArePlainDecimalsKeepingTheirScale() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", new BigDecimal("1.50"));
        m.put("b", new BigDecimal("1E+3"));
        m.put("c", new BigDecimal("1E-10"));
        m.put("d", 1.0E10);
        m.put("e", 1.0E-7);
        m.put("f", -0.0);
        m.put("g", Long.MIN_VALUE);
        m.put("h", new BigInteger("18446744073709551617"));
        m.put("i", Double.NaN);
        m.put("j", Float.NEGATIVE_INFINITY);
        m.put("k", 0.1f);
        assertEquals("{\"a\": 1.50, \"b\": 1000, \"c\": 0.0000000001, \"d\": 10000000000, \"e\": 0.00000010, \"f\": 0.0, "
                + "\"g\": -9223372036854775808, \"h\": 18446744073709551617, \"i\": \"NaN\", \"j\": \"-Infinity\", \"k\": 0.1}",
                JsonbText.write(m));
    }

    @Test
    void otherTypesGoThroughJacksonAndComeOutInJsonbsSpelling() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", Instant.parse("2026-11-25T10:15:30.123Z"));
        m.put("ints", new int[] {3, 1});
        m.put("keys", Map.of(10, "ten"));
        assertEquals("{\"at\": \"2026-11-25T10:15:30.123Z\", \"ints\": [3, 1], \"keys\": {\"10\": \"ten\"}}", JsonbText.write(m));
    }

    @Test
    void keysEqualInUtf8AreOneKey_theLastKept_asJsonbDoes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\ud800", 1); // a lone surrogate is '?' in UTF-8
        m.put("?", 2);
        assertEquals("{\"?\": 2}", JsonbText.write(m));
    }

    @Test
    void aTablesKeyOrderIsReusedAcrossRows_byKeyIdentity() {
        String[] columns = {"total", "id", "branch"};
        Map<String, Object> row1 = new LinkedHashMap<>();
        Map<String, Object> row2 = new LinkedHashMap<>();
        for (String c : columns) {
            row1.put(c, 1);
            row2.put(c, "v");
        }
        assertEquals("{\"id\": 1, \"total\": 1, \"branch\": 1}", JsonbText.write(row1));
        assertEquals("{\"id\": \"v\", \"total\": \"v\", \"branch\": \"v\"}", JsonbText.write(row2));
        // Equal keys, other instances, another order: sorted on their own.
        Map<String, Object> row3 = new LinkedHashMap<>();
        for (String c : Arrays.asList(new String("branch"), new String("total"), new String("id"))) {
            row3.put(c, 2);
        }
        assertEquals("{\"id\": 2, \"total\": 2, \"branch\": 2}", JsonbText.write(row3));
        String big = "x".repeat(2_000_000);
        assertEquals(2_000_002, JsonbText.write(big).length());
        assertSame(null, JsonbText.write(null));
    }
}
