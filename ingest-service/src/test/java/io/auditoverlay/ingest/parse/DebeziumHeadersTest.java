package io.auditoverlay.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ingest.support.Captured;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebeziumHeadersTest {

    @Test
    void decodesWhatTheHttpSinkSent() {
        Captured.Request update = Captured.requests().get(2);
        DebeziumHeaders headers = new DebeziumHeaders(new ObjectMapper(), "X-DEBEZIUM-", update::header);
        assertEquals(Optional.of("{\"branch_id\":1,\"product_id\":1}"), headers.text("audit.key"));
        assertEquals(Optional.of("s3cret-token"), headers.text("ingest.token"));
        assertEquals(Optional.empty(), headers.text("absent"));

        Map<String, byte[]> context = headers.context(update.headers().keySet());
        assertEquals("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"pos\"}",
                new String(context.get("__debezium.context.connectorLogicalName"), StandardCharsets.UTF_8));
        assertEquals(4, context.size());
    }

    @Test
    void acceptsUnencodedAndPlainValues() {
        Map<String, String> raw = Map.of("X-DEBEZIUM-A", "{\"schema\":{\"type\":\"string\"},\"payload\":\"{\\\"id\\\":1}\"}",
                "X-DEBEZIUM-B", "\"plain\"");
        DebeziumHeaders headers = new DebeziumHeaders(new ObjectMapper(), "X-DEBEZIUM-", raw::get);
        assertEquals(Optional.of("{\"id\":1}"), headers.text("a"));
        assertEquals(Optional.of("plain"), headers.text("b"));
    }
}
