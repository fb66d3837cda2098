package io.auditoverlay.normalizer.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Records the mapper refuses, with a reason that never quotes a value, and values at the edge of their
 * type.
 */
class EnvelopeMapperRejectionTest extends MapperHarness {

    @Test
    void poisonMessagesAreRejectedWithAReason() {
        assertEquals("malformed JSON in value",
                assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("{\"op\":"))).getMessage()
                        .substring(0, 23));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("[1,2]")))
                .getMessage().contains("not an object"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes("{\"a\":1}")))
                .getMessage().contains("no 'op'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"x\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":1},\"after\":{}}")))
                .getMessage().contains("unknown Debezium op"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"c\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"ts_ms\":1},\"after\":{}}")))
                .getMessage().contains("missing 'table'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"c\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":\"soon\"},\"after\":{}}")))
                .getMessage().contains("ts_ms"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null,
                bytes("{\"op\":\"u\",\"source\":{\"name\":\"pos\",\"db\":\"d\",\"table\":\"t\",\"ts_ms\":1}}")))
                .getMessage().contains("neither 'before' nor 'after'"));
        assertTrue(assertThrows(RejectedMessageException.class, () -> mapper.map("pos.transaction", null,
                bytes("{\"status\":\"END\",\"id\":\"0-1-1\",\"event_count\":null}")))
                .getMessage().contains("event_count"));
    }

    @Test
    void decimalWithCorruptBase64IsRejectedWithoutQuotingTheValue() {
        String secret = "not-base64-SECRET";
        String value = """
                {"schema":{"type":"struct","fields":[{"type":"struct","field":"after","fields":[
                  {"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"},"field":"amount"}]}]},
                 "payload":{"op":"c","after":{"amount":"%s"},"source":{"name":"pos","db":"d","table":"t","ts_ms":1}}}"""
                .formatted(secret);
        RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> mapper.map(TOPIC, null, bytes(value)));
        assertFalse(e.getMessage().contains(secret), e.getMessage());
    }

    @Test
    void aNulCharacterIsRejectedBeforeItCanReachPostgres() throws Exception {
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        ObjectNode message = (ObjectNode) json.readTree(r.value());
        ((ObjectNode) message.get("payload").get("after")).put("n", "a\u0000b");
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> mapper.map(TOPIC, r.key(), json.writeValueAsBytes(message)));
        assertEquals("column 'n': contains a NUL character, which PostgreSQL cannot store", e.getMessage());
    }

    @Test
    void aRowWithoutAMaskedColumnItsPatternNamesIsQuarantinedNotStoredUnmasked() throws Exception {
        // The harness masks type_probe.txt; a DDL renamed txt to txt_renamed: its value would go unmasked.
        Fixtures.RawRecord r = Fixtures.load("mariadb-type-probe.txt").get(0);
        ObjectNode message = (ObjectNode) json.readTree(r.value());
        ObjectNode after = (ObjectNode) message.get("payload").get("after");
        after.set("txt_renamed", after.remove("txt"));
        for (var field : message.get("schema").get("fields")) {
            for (var column : field.path("fields")) {
                if ("txt".equals(column.path("field").asText())) {
                    ((ObjectNode) column).put("field", "txt_renamed");
                }
            }
        }
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> mapper.map(TOPIC, r.key(), json.writeValueAsBytes(message)));
        assertTrue(e.getMessage().startsWith("masked column(s) txt of pharmacy.type_probe missing from the row"), e.getMessage());
        assertFalse(e.getMessage().contains(after.get("txt_renamed").asText()), "the reason quotes the value");
    }

    @Test
    void bitsWiderThanALongStayExact() {
        ColumnDecoder decoder = new ColumnDecoder(json);
        var field = json.createObjectNode().put("type", "bytes").put("name", "io.debezium.data.Bits");
        // 9 bytes, little-endian: only the highest byte set → 2^64
        Object value = decoder.decode(field, json.getNodeFactory().textNode("AAAAAAAAAAAB"));
        assertEquals(BigInteger.ONE.shiftLeft(64), value);
    }
}
