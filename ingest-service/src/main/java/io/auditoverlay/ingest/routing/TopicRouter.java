package io.auditoverlay.ingest.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.auditoverlay.ingest.auth.Branch;
import io.auditoverlay.ingest.parse.ClassifiedEvent;
import io.auditoverlay.ingest.parse.EventKind;
import io.auditoverlay.ingest.rest.IngestProblem;
import io.auditoverlay.model.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides topic and key of every event as Debezium's Kafka sink would, and refuses events outside
 * the branch's topic prefix. Everything is decided before anything is sent.
 */
public final class TopicRouter {

    private static final ObjectMapper KEYS = JsonMapper.builder().build();

    private final boolean tombstonesAfterDelete;

    public TopicRouter(boolean tombstonesAfterDelete) {
        this.tombstonesAfterDelete = tombstonesAfterDelete;
    }

    public List<OutgoingRecord> route(List<ClassifiedEvent> events, Branch branch, Map<String, byte[]> headers) {
        List<String> forbidden = new ArrayList<>();
        List<String> keyFaults = new ArrayList<>();
        List<OutgoingRecord> out = new ArrayList<>(events.size() + 4);
        for (ClassifiedEvent event : events) {
            if (event.kind() != EventKind.TRANSACTION && !branch.topicPrefix().equals(event.prefix())) {
                forbidden.add("event " + event.raw().index() + ": source.name '" + event.prefix()
                        + "' is not this branch's topic prefix");
                continue;
            }
            byte[] key;
            try {
                key = key(event);
            } catch (IllegalArgumentException e) {
                keyFaults.add("event " + event.raw().index() + ": " + e.getMessage());
                continue;
            }
            String topic = topic(event, branch);
            out.add(new OutgoingRecord(topic, key, event.raw().value(), headers));
            if (tombstonesAfterDelete && event.isDelete()) {
                out.add(new OutgoingRecord(topic, key, null, headers));
            }
        }
        if (!forbidden.isEmpty()) {
            throw IngestProblem.forbidden("Branch '" + branch.name() + "' may write only topic prefix '"
                    + branch.topicPrefix() + "'; nothing was written.", forbidden);
        }
        if (!keyFaults.isEmpty()) {
            throw IngestProblem.badRequest("Record keys are missing or malformed; nothing was written.", keyFaults);
        }
        return out;
    }

    private static String topic(ClassifiedEvent event, Branch branch) {
        return switch (event.kind()) {
            case CHANGE -> Topics.raw(event.prefix(), event.database(), event.table());
            case TRANSACTION -> Topics.transaction(branch.topicPrefix());
            case SCHEMA_CHANGE -> event.prefix();
        };
    }

    /**
     * The key the Kafka sink writes ({@code debezium.format.key=json}, schemas off): as carried by the
     * request, else derived where Debezium's key is a function of the value.
     */
    private static byte[] key(ClassifiedEvent event) {
        if (event.raw().keyGiven()) {
            byte[] key = event.raw().key();
            if (key != null) {
                requireJson(key);
            }
            return key;
        }
        return switch (event.kind()) {
            case TRANSACTION -> json(Map.of("id", event.transactionId()));
            case SCHEMA_CHANGE -> json(Map.of("databaseName", event.database()));
            case CHANGE -> throw new IllegalArgumentException("no record key: add the KeyToHeader transform to the"
                    + " http sink (see docs/ingest.md), or send {\"key\":…,\"value\":…} records");
        };
    }

    private static void requireJson(byte[] key) {
        try {
            JsonNode node = KEYS.readTree(key);
            if (node == null || !(node.isObject() || node.isNull())) {
                throw new IllegalArgumentException("the record key must be a JSON object or null");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the record key is not valid JSON");
        }
    }

    private static byte[] json(Map<String, String> fields) {
        try {
            return KEYS.writeValueAsBytes(new LinkedHashMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
