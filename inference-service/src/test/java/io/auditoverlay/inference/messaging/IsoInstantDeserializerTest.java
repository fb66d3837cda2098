package io.auditoverlay.inference.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.json.AuditJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantDeserializerTest {

    @Test
    void readsWhatInstantParseReadsAtEveryPrecision() {
        Random random = new Random(7);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            String text = DateTimeFormatter.ISO_INSTANT.format(at);
            int digits = random.nextInt(10);
            String base = text.substring(0, 19);
            String fraction = String.format("%09d", at.getNano()).substring(0, digits);
            String written = base + (digits == 0 ? "" : "." + fraction) + "Z";
            assertEquals(Instant.parse(written), IsoInstantDeserializer.parse(written), written);
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.5Z"), IsoInstantDeserializer.parse("2024-02-29T23:59:59.5Z"));
    }

    @Test
    void leavesEverythingElseToJackson() {
        for (String other : new String[] {"2026-11-25T12:00:00+02:00", "2026-11-25 12:00:00Z", "2026-02-29T12:00:00Z",
                "2026-11-25T24:00:00Z", "2026-11-25T12:00:60Z", "2026-13-01T00:00:00Z", "2026-11-25T12:00:00.Z",
                "2026-11-25T12:00:00.1234567890Z", "2026-11-25T12:0a:00Z", "+12026-11-25T12:00:00Z", "garbage"}) {
            assertNull(IsoInstantDeserializer.parse(other), other);
        }
    }

    @Test
    void aMessageWithAnOffsetOrANumberReadsAsBefore() throws Exception {
        ChangeDeserializer deserializer = new ChangeDeserializer();
        for (String endedAt : new String[] {"\"2026-11-25T12:00:00+02:00\"", "1764064800.5", "\"2026-11-25T10:00:00.000001Z\""}) {
            byte[] json = ("{\"kind\":\"transaction-end\",\"transactionId\":\"pos:0-1-1\",\"source\":\"pos\",\"eventCount\":1,"
                    + "\"endedAt\":" + endedAt + "}").getBytes(StandardCharsets.UTF_8);
            Object read = deserializer.deserialize("audit.changes", json);
            TransactionEnd end = assertInstanceOf(TransactionEnd.class, read, endedAt);
            assertEquals(AuditJson.mapper().readValue(json, TransactionEnd.class).endedAt(), end.endedAt(), endedAt);
        }
    }
}
