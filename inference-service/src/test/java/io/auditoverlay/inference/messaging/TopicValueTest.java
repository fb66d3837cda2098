package io.auditoverlay.inference.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.json.AuditJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicValueTest {

    private static final ObjectMapper JSON = AuditJson.mapper();

    private static BusinessEvent event(int ids) {
        List<UUID> list = new ArrayList<>(ids);
        for (int i = 0; i < ids; i++) {
            list.add(new UUID(7, i));
        }
        return new BusinessEvent(UUID.randomUUID(), "data.changed", "1", "2", "table", "pharmacy.products",
                Instant.parse("2026-12-03T10:00:00Z"), "pos:0-7-42", Map.of("rows", ids), list);
    }

    @Test
    void anEventWithinTheLimitIsPublishedAsItIs() throws Exception {
        BusinessEvent e = event(3);
        assertEquals(JSON.writeValueAsString(e), KafkaEventPublisher.topicValue(JSON, e, 3));
    }

    @Test
    void aBulkTransactionsIdsAreCutOnTheTopicWithTheirCount() throws Exception {
        BusinessEvent e = event(5);
        String value = KafkaEventPublisher.topicValue(JSON, e, 3);
        JsonNode node = JSON.readTree(value);
        assertEquals(3, node.path("sourceEventIds").size());
        assertEquals(new UUID(7, 2).toString(), node.path("sourceEventIds").get(2).asText(), "the first ids, in order");
        assertEquals(5, node.path("sourceEventCount").asInt());
        assertTrue(node.path("sourceEventIdsCut").asBoolean());
        // ai-service and other readers of audit.business read it as a BusinessEvent, every other field intact.
        BusinessEvent read = JSON.readValue(value, BusinessEvent.class);
        assertEquals(e.id(), read.id());
        assertEquals(e.transactionId(), read.transactionId());
        assertEquals(e.attributes(), read.attributes());
        assertEquals(e.sourceEventIds().subList(0, 3), read.sourceEventIds());
    }

    @Test
    void halfAMillionRowsFitTheProducersLimitWithTheDefault() throws Exception {
        String value = KafkaEventPublisher.topicValue(JSON, event(500_000), 100_000);
        assertTrue(value.length() < 16 * 1024 * 1024 / 3, "well below 16 MB: " + value.length());
        assertFalse(KafkaEventPublisher.topicValue(JSON, event(100_000), 100_000).contains("sourceEventIdsCut"));
    }
}
