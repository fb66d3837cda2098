package io.auditoverlay.inference.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.json.AuditJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeDeserializerTest {

    private final ChangeDeserializer deserializer = new ChangeDeserializer();

    private Object read(ChangeMessage message) throws Exception {
        return deserializer.deserialize("audit.changes", AuditJson.mapper().writeValueAsBytes(message));
    }

    /** What plain Jackson makes of the message's JSON (numbers as Integer, LinkedHashMap rows). */
    private static ChangeMessage parsed(ChangeMessage message) throws Exception {
        return AuditJson.mapper().readValue(AuditJson.mapper().writeValueAsBytes(message), ChangeMessage.class);
    }

    @Test
    void theCompactFormEqualsWhatWasSentAndSharesWhatChangesRepeat() throws Exception {
        TxBuilder sale = Pos.sale("0-1-1", Instant.parse("2026-11-25T10:00:00Z"), 1, 1, 2, "CARD", "0.00",
                new Pos.Line(10, 3, 1, "42.00", 50), new Pos.Line(11, 1, 2, "6.49", 50));
        List<CanonicalChangeEvent> read = new ArrayList<>();
        for (ChangeMessage message : sale.messages()) {
            Object value = read(message);
            assertEquals(parsed(message), value);
            assertEquals(parsed(message).hashCode(), value.hashCode());
            if (value instanceof CanonicalChangeEvent change) {
                read.add(change);
            }
        }
        CanonicalChangeEvent item1 = read.get(1);
        CanonicalChangeEvent item2 = read.get(2);
        assertEquals("sale_items", item1.table());
        assertSame(item1.table(), item2.table());
        assertSame(item1.transactionId(), item2.transactionId());
        assertSame(item1.after().keySet().iterator().next(), item2.after().keySet().iterator().next());
        CanonicalChangeEvent stock = read.get(3);
        assertEquals("inventory", stock.table());
        assertEquals(stock.before().keySet().stream().toList(), List.copyOf(stock.before().keySet()), "column order kept");
        assertEquals(sale.changes().get(3).after().keySet().stream().toList(), stock.after().keySet().stream().toList());
        assertTrue(stock.after().containsKey("last_user_id"));
        assertNull(read.get(0).after().get("customer_id"), "null column values survive");
        assertTrue(read.get(0).after().containsKey("customer_id"));
        assertThrows(UnsupportedOperationException.class, () -> stock.after().put("quantity", 1));
    }

    @Test
    void anUnreadableRecordKeepsItsBytesForTheDeadLetterTopicAndATombstoneStaysNull() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        UnreadableChange bad = assertInstanceOf(UnreadableChange.class, deserializer.deserialize("t", garbage));
        assertArrayEquals(garbage, bad.raw());
        byte[] noTable = "{\"kind\":\"change\",\"eventId\":\"6f1c1c52-6d7e-4c58-9d0f-5b7f1f8e6b1a\",\"op\":\"CREATE\"}"
                .getBytes(StandardCharsets.UTF_8);
        UnreadableChange invalid = assertInstanceOf(UnreadableChange.class, deserializer.deserialize("t", noTable));
        assertInstanceOf(IllegalArgumentException.class, invalid.error());
        assertNull(deserializer.deserialize("t", null));
        assertArrayEquals(garbage, new DeadLetterSerializer().serialize("audit.dlq", bad));
        assertNull(new DeadLetterSerializer().serialize("audit.dlq", null));
        assertEquals("pos:0-1-1", new TransactionKeyDeserializer().deserialize("t", "pos:0-1-1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aParsedChangeGoesToTheDeadLetterTopicAsItsJson() throws Exception {
        CanonicalChangeEvent change = Pos.roleChange("0-1-2", Instant.EPOCH, 1, 1, 1, 3).changes().get(0);
        byte[] json = new DeadLetterSerializer().serialize("audit.dlq", read(change));
        assertEquals(parsed(change), AuditJson.mapper().readValue(json, ChangeMessage.class));
        assertEquals(Map.of(), CompactRow.of(Map.of()));
    }
}
