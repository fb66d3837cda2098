package io.auditoverlay.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import io.auditoverlay.model.id.EventIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** What {@link HttpSinkParityIT} compares of a raw Debezium record: position, run, headers, value, event id. */
final class RawRecordFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawRecordFields() {
    }

    static String position(ConsumerRecord<byte[], byte[]> r) {
        JsonNode source = payload(r.value()).get("source");
        return source.get("table").asText() + "@" + source.get("file").asText() + ":" + source.get("pos").asLong()
                + "#" + source.get("row").asInt();
    }

    static String runId(ConsumerRecord<byte[], byte[]> r) {
        Header header = r.headers().lastHeader("__debezium.context.runId");
        return header == null ? "none" : new String(header.value(), StandardCharsets.UTF_8);
    }

    static List<String> headerNames(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(Header::key).sorted().toList();
    }

    static JsonNode withoutProcessingTime(byte[] value) {
        JsonNode message = read(value);
        ObjectNode payload = (ObjectNode) DebeziumEnvelope.payload(message);
        payload.remove(List.of("ts_ms", "ts_us", "ts_ns"));
        return message;
    }

    /** The canonical event id as the normalizer computes it, primary key from the record key. */
    @SuppressWarnings("unchecked")
    static UUID eventId(ConsumerRecord<byte[], byte[]> r) {
        JsonNode source = payload(r.value()).get("source");
        SourcePosition position = new SourcePosition(source.get("server_id").asLong(), source.get("file").asText(),
                source.get("pos").asLong(), source.get("row").asInt(),
                source.hasNonNull("gtid") ? source.get("gtid").asText() : null, false);
        Map<String, Object> key = JSON.convertValue(read(r.key()), LinkedHashMap.class);
        return EventIds.changeEventId(source.get("name").asText(), source.get("db").asText(),
                source.get("table").asText(), position, key);
    }

    static JsonNode payload(byte[] value) {
        return DebeziumEnvelope.payload(read(value));
    }

    static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
