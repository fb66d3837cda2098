package io.auditoverlay.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.AuditJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeMessageJsonTest {

    private final ObjectMapper json = AuditJson.mapper();

    @Test
    void changeEventRoundTripsWithKindAndExactDecimals() throws Exception {
        CanonicalChangeEvent event = new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "products",
                Operation.UPDATE, Map.of("id", 7), Map.of("id", 7, "unit_price", new BigDecimal("10.10")),
                Map.of("id", 7, "unit_price", new BigDecimal("12.30")), List.of("unit_price"), "0-1-9", 1L,
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:00.500Z"),
                new SourcePosition(1L, "mb.000001", 400L, 0, "0-1-9", false), "3", CanonicalChangeEvent.SCHEMA_VERSION);

        String text = json.writeValueAsString(event);
        assertTrue(text.contains("\"kind\":\"change\""), text);
        assertTrue(text.contains("\"committedAt\":\"2026-11-25T10:00:00Z\""), text);
        assertTrue(text.contains("12.30"), text);

        ChangeMessage back = json.readValue(text, ChangeMessage.class);
        CanonicalChangeEvent read = assertInstanceOf(CanonicalChangeEvent.class, back);
        assertEquals(event.eventId(), read.eventId());
        assertEquals(new BigDecimal("12.30"), read.after().get("unit_price"));
        assertEquals(event.position(), read.position());
    }

    @Test
    void endMarkerRoundTrips() throws Exception {
        TransactionEnd end = new TransactionEnd("0-1-9", "pos", 10, Map.of("pharmacy.sales", 1L), Instant.EPOCH);
        String text = json.writeValueAsString(end);
        assertTrue(text.contains("\"kind\":\"transaction-end\""), text);
        assertEquals(end, json.readValue(text, ChangeMessage.class));
    }
}
