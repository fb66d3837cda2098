package io.auditoverlay.query.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.auditoverlay.query.web.ApiException;

class TraceRefTest {

    static final Set<String> TYPES = Set.of("sale", "product", "user");

    @Test
    void tellsEventsSubjectsAndTransactionsApart() {
        assertEquals(TraceRef.Kind.EVENT, TraceRef.parse("7d1e3c1a-0000-4000-8000-000000000001", TYPES).kind());
        TraceRef product = TraceRef.parse("product:5@7", TYPES);
        assertEquals(new TraceRef(TraceRef.Kind.SUBJECT, "5", "product", "7"), product);
        assertEquals(new TraceRef(TraceRef.Kind.SUBJECT, "42", "sale", null), TraceRef.parse(" sale:42 ", TYPES));
        // a source-qualified transaction id looks like type:id but its prefix is not a subject type
        assertEquals(new TraceRef(TraceRef.Kind.TRANSACTION, "pos:0-1-9", null, null), TraceRef.parse("pos:0-1-9", TYPES));
        assertEquals(TraceRef.Kind.TRANSACTION, TraceRef.parse("pos:mb.000001:4711", TYPES).kind());
    }

    @Test
    void rejectsEmptyParts() {
        assertThrows(ApiException.class, () -> TraceRef.parse("", TYPES));
        assertThrows(ApiException.class, () -> TraceRef.parse("sale:", TYPES));
        assertThrows(ApiException.class, () -> TraceRef.parse("product:5@", TYPES));
    }
}
