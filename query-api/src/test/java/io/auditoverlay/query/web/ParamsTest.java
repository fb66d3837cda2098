package io.auditoverlay.query.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ParamsTest {

    static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");

    @Test
    void instantsDatesAndLookBacks() {
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), Params.instant("from", "2026-11-25"));
        assertEquals(Instant.parse("2026-11-25T10:15:30Z"), Params.instant("from", "2026-11-25T10:15:30"));
        assertEquals(Instant.parse("2026-11-25T08:15:30Z"), Params.instant("from", "2026-11-25T10:15:30+02:00"));
        assertEquals(NOW.minusSeconds(7 * 86400), Params.since("since", "7d", NOW));
        assertEquals(NOW.minusSeconds(3600), Params.since("since", "1h", NOW));
        assertEquals(LocalDate.of(2026, 11, 24), Params.date("date", "yesterday", NOW));
        ApiException e = assertThrows(ApiException.class, () -> Params.instant("from", "25/11/2026"));
        assertEquals(400, e.status());
        assertThrows(ApiException.class, () -> Params.since("since", "7 days", NOW));
        assertThrows(ApiException.class, () -> Params.date("date", "2026-13-01", NOW));
    }

    @Test
    void limitsAreCappedAndChecked() {
        assertEquals(50, Params.limit(null, 50, 500));
        assertEquals(500, Params.limit("100000", 50, 500));
        assertEquals(7, Params.limit("7", 50, 500));
        assertThrows(ApiException.class, () -> Params.limit("0", 50, 500));
        assertThrows(ApiException.class, () -> Params.limit("ten", 50, 500));
    }

    @Test
    void enumeratedValues() {
        assertEquals(List.of("HIGH", "LOW"), Params.listOf("severity", "high, LOW,high", Set.of("LOW", "HIGH")));
        assertThrows(ApiException.class, () -> Params.oneOf("op", "MERGE", Set.of("CREATE")));
    }

    @Test
    void cursorsRoundTripAndRejectGarbage() {
        Cursor c = new Cursor(Instant.parse("2026-11-25T10:00:00.123456Z"), "7d1e3c1a-0000-4000-8000-000000000001");
        assertEquals(c, Cursor.decode(c.encode()));
        assertThrows(ApiException.class, () -> Cursor.decode("bm9wZQ"));
        assertThrows(ApiException.class, () -> Cursor.decode("%%%"));
    }
}
