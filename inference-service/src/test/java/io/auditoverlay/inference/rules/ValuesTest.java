package io.auditoverlay.inference.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void timesFromEveryShapeTheNormalizerWrites() {
        assertEquals(Instant.parse("2026-11-25T10:15:30.123Z"), Values.instant("2026-11-25T10:15:30.123"));
        assertEquals(Instant.parse("2026-11-25T10:15:30Z"), Values.instant("2026-11-25 10:15:30"));
        assertEquals(Instant.parse("2026-11-25T10:15:30Z"), Values.instant("2026-11-25T10:15:30Z"));
        assertEquals(Instant.parse("2026-11-25T08:15:30Z"), Values.instant("2026-11-25T10:15:30+02:00"));
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), Values.instant("2026-11-25"));
        assertEquals(Instant.ofEpochMilli(5), Values.instant(5L));
        assertEquals(Instant.EPOCH, Values.instant(Instant.EPOCH));
        assertNull(Values.instant("not a time"));
        assertNull(Values.instant(null));
    }

    @Test
    void textTruthAndKeys() {
        assertEquals("7", Values.text(new BigDecimal("7.00")));
        assertEquals("7", Values.text(7L));
        assertNull(Values.text(null));
        assertTrue(Values.truthy(1));
        assertFalse(Values.truthy(0));
        assertTrue(Values.truthy("true"));
        assertFalse(Values.truthy("N"));
        assertFalse(Values.truthy(null));
        assertTrue(Values.truthy(List.of()));
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("product_id", 3);
        key.put("branch_id", 1);
        assertEquals("branch_id=1,product_id=3", Values.key(key));
        assertEquals("", Values.key(Map.of()));
        assertEquals("9", Values.key(Map.of("id", 9)));
    }

    @Test
    void functionsOverChangeViews() {
        RuleFunctions f = new RuleFunctions("pos", List.of(), (source, table, key) -> "1".equals(key) ? Map.of("name", "A") : null);
        List<Map<String, Object>> views = List.of(Map.of("row", Map.of("q", 2, "p", new BigDecimal("1.50"))),
                Map.of("row", Map.of("q", 3, "p", new BigDecimal("2.25"))));
        assertEquals(5L, f.sum(views, "q"));
        assertEquals(new BigDecimal("3.75"), f.sum(views, "p"));
        assertEquals(0L, f.sum(null, "q"));
        assertEquals(2, f.count(views));
        assertNull(f.first(List.of()));
        assertEquals(List.of(Map.of("q", 2), Map.of("q", 3)), f.project(views, "q"));
        assertEquals("A", f.lookup("roles", 1, "name"));
        assertNull(f.lookup("roles", 2, "name"));
        assertNull(f.lookup("roles", null, "name"));
        assertTrue(f.known("roles", 1L));
        assertFalse(f.known("roles", null));
        assertEquals("x", f.coalesce(null, "x"));
        assertNull(f.coalesce());
        assertTrue(f.truthy(1));
        assertEquals(List.of(), f.rows("sales"));
    }

    /** The fast path (IsoInstants) reads the usual shapes exactly as java.time does, and only those. */
    @Test
    void instantsOfEveryUsualShapeReadAsJavaTimeReadsThem() {
        Random random = new Random(11);
        long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2150-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            String local = LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString().substring(0, 19);
            int digits = random.nextInt(10);
            String text = local + (digits == 0 ? "" : "." + String.format("%09d", at.getNano()).substring(0, digits));
            Instant expected = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            assertEquals(expected, Values.instant(text), text);
            assertEquals(expected, Values.instant(text.replace('T', ' ')), text);
            assertEquals(OffsetDateTime.parse(text + "Z").toInstant(), Values.instant(text + "Z"), text);
            assertEquals(expected, IsoInstants.utc(text, false), text);
        }
        for (String other : new String[] {"2026-11-25 12:00:00Z", "2026-02-29T12:00:00", "2026-11-25T24:00:00",
                "2026-11-25T12:00:60", "2026-11-25T12:00", "2026-11-25T12:00:00.", "2026-11-25T12:00:00+01:00"}) {
            assertNull(IsoInstants.utc(other, other.endsWith("Z")), other);
        }
        assertEquals(Instant.parse("2026-11-25T11:00:00Z"), Values.instant("2026-11-25T12:00:00+01:00"));
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), Values.instant("2026-11-25T12:00"));
        assertNull(Values.instant("2026-11-25 12:00:00Z"), "as before: a space with a zone is no instant");
        assertNull(Values.instant("2026-02-29T12:00:00"));
    }
}
