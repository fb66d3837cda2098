package io.auditoverlay.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ingest.rest.IngestProblem;
import io.auditoverlay.ingest.support.Captured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

    private final BodyReader reader = new BodyReader(100);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void singleEventKeepsItsBytesExactly() {
        String body = Captured.requests().get(2).body();
        BodyReader.Body read = reader.read(utf8(body));
        assertTrue(read.single());
        assertArrayEquals(utf8(body), read.events().get(0).value());
        assertFalse(read.events().get(0).keyGiven());
    }

    @Test
    void arrayElementsKeepTheirBytesIncludingOddSpacingAndUnicode() {
        String a = "{\"payload\" : {\"status\":\"BEGIN\",\"id\":\"x\"} ,\"schema\":{}}";
        String b = "{\"k\":\"Grüße \\u00e9 \\\"q\\\"\",\"n\":1.50}";
        BodyReader.Body read = reader.read(utf8("[ " + a + " ,\n" + b + "]"));
        assertFalse(read.single());
        assertEquals(2, read.events().size());
        assertArrayEquals(utf8(a), read.events().get(0).value());
        assertArrayEquals(utf8(b), read.events().get(1).value());
        assertEquals(1, read.events().get(1).index());
    }

    @Test
    void ndjsonIsOneEventPerValue() {
        BodyReader.Body read = reader.read(utf8("{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}\n"));
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"),
                read.events().stream().map(e -> new String(e.value(), StandardCharsets.UTF_8)).toList());
    }

    @Test
    void keyValueRecordsCarryTheKeyBytes() {
        BodyReader.Body read = reader.read(utf8(
                "[{\"key\":{\"id\":5},\"value\":{\"op\":\"c\"}},{\"value\":{\"op\":\"d\"},\"key\":null},{\"value\":{\"x\":1}}]"));
        RawEvent first = read.events().get(0);
        assertTrue(first.keyGiven());
        assertArrayEquals(utf8("{\"id\":5}"), first.key());
        assertArrayEquals(utf8("{\"op\":\"c\"}"), first.value());
        assertTrue(read.events().get(1).keyGiven());
        assertNull(read.events().get(1).key());
        assertFalse(read.events().get(2).keyGiven());
    }

    @Test
    void aLoneKeyValueRecordIsABatchOfOne() {
        BodyReader.Body read = reader.read(utf8("{\"key\":{\"id\":7},\"value\":{\"op\":\"c\"}}"));
        assertFalse(read.single());
        assertArrayEquals(utf8("{\"id\":7}"), read.events().get(0).key());
        assertArrayEquals(utf8("{\"op\":\"c\"}"), read.events().get(0).value());
    }

    @Test
    void malformedBodiesAreRefusedAsMalformedJson() {
        for (String bad : List.of("", "  \n", "{\"op\":\"c\"", "{\"op\":\"c\"}}", "[{\"a\":1},", "{\"a\":\u0000 1}",
                "{\"a\":\"nul\u0000inside\"}", "{\"a\":1,\"a\":2}")) {
            IngestProblem problem = assertThrows(IngestProblem.class, () -> reader.read(utf8(bad)), bad);
            assertEquals(400, problem.status(), bad);
            assertEquals("malformed-json", problem.slug(), bad);
        }
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertEquals(400, assertThrows(IngestProblem.class, () -> reader.read(body)).status());
    }

    @Test
    void nonObjectEventsAreRefused() {
        IngestProblem problem = assertThrows(IngestProblem.class, () -> reader.read(utf8("[{\"a\":1}, 5]")));
        assertEquals(400, problem.status());
        assertEquals(List.of("event 1: expected a JSON object, got number"), problem.errors());
    }

    @Test
    void tooManyEventsIs413() {
        BodyReader small = new BodyReader(2);
        assertEquals(413, assertThrows(IngestProblem.class, () -> small.read(utf8("[{},{},{}]"))).status());
        assertEquals(413, assertThrows(IngestProblem.class, () -> small.read(utf8("{}\n{}\n{}"))).status());
    }
}
