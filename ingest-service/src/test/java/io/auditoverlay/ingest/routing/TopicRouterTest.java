package io.auditoverlay.ingest.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ingest.auth.Branch;
import io.auditoverlay.ingest.parse.BodyReader;
import io.auditoverlay.ingest.parse.DebeziumHeaders;
import io.auditoverlay.ingest.parse.EventClassifier;
import io.auditoverlay.ingest.parse.RawEvent;
import io.auditoverlay.ingest.rest.IngestProblem;
import io.auditoverlay.ingest.support.Captured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRouterTest {

    private static final Branch POS = new Branch("b1", "pos");

    private final BodyReader reader = new BodyReader(100);
    private final EventClassifier classifier = new EventClassifier();

    private List<OutgoingRecord> route(String body, String key, Branch branch, boolean tombstones) {
        RawEvent event = reader.read(body.getBytes(StandardCharsets.UTF_8)).events().get(0);
        if (key != null) {
            event = event.withKey(key.equals("null") ? null : key.getBytes(StandardCharsets.UTF_8));
        }
        return new TopicRouter(tombstones).route(classifier.classify(List.of(event)), branch, Map.of());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void topicsAndKeysAreTheKafkaSinks() {
        List<Captured.Request> requests = Captured.requests();
        List<OutgoingRecord> schema = route(requests.get(0).body(), null, POS, true);
        assertEquals("pos", schema.get(0).topic());
        assertEquals("{\"databaseName\":\"\"}", text(schema.get(0).key()));

        OutgoingRecord begin = route(requests.get(1).body(), null, POS, true).get(0);
        assertEquals("pos.transaction", begin.topic());
        assertEquals("{\"id\":\"0-17-24\"}", text(begin.key()));

        OutgoingRecord update = route(requests.get(2).body(), "{\"branch_id\":1,\"product_id\":1}", POS, true).get(0);
        assertEquals("pos.pharmacy.inventory", update.topic());
        assertEquals("{\"branch_id\":1,\"product_id\":1}", text(update.key()));
        assertArrayEquals(requests.get(2).body().getBytes(StandardCharsets.UTF_8), update.value());
    }

    @Test
    void derivedKeysOfMarkersAndSchemaChangesEqualTheKeysDebeziumSent() {
        for (int i : new int[] {0, 1, 5}) {
            Captured.Request request = Captured.requests().get(i);
            String sent = new DebeziumHeaders(new ObjectMapper(),
                    "X-DEBEZIUM-", request::header).text("audit.key").orElseThrow();
            assertEquals(sent, text(route(request.body(), null, POS, true).get(0).key()), "request " + i);
        }
    }

    @Test
    void aDeleteIsFollowedByATombstoneUnlessDisabled() {
        String delete = Captured.requests().get(4).body();
        List<OutgoingRecord> records = route(delete, "{\"id\":1}", POS, true);
        assertEquals(2, records.size());
        assertEquals("pos.pharmacy.inventory_adjustments", records.get(1).topic());
        assertEquals("{\"id\":1}", text(records.get(1).key()));
        assertNull(records.get(1).value());
        assertEquals(1, route(delete, "{\"id\":1}", POS, false).size());
    }

    @Test
    void aNullKeyStaysNull() {
        assertNull(route(Captured.requests().get(3).body(), "null", POS, true).get(0).key());
    }

    @Test
    void aRowChangeWithoutKeyOrWithABadKeyIsRefused() {
        String insert = Captured.requests().get(3).body();
        IngestProblem missing = assertThrows(IngestProblem.class, () -> route(insert, null, POS, true));
        assertEquals(400, missing.status());
        assertEquals(true, missing.errors().get(0).contains("no record key"));
        assertEquals(400, assertThrows(IngestProblem.class, () -> route(insert, "{\"id\":", POS, true)).status());
        assertEquals(400, assertThrows(IngestProblem.class, () -> route(insert, "[1]", POS, true)).status());
    }

    @Test
    void anotherBranchsPrefixIsForbidden() {
        IngestProblem problem = assertThrows(IngestProblem.class,
                () -> route(Captured.requests().get(2).body(), "{\"id\":1}", new Branch("b2", "pos-b2"), true));
        assertEquals(403, problem.status());
        assertEquals(List.of("event 0: source.name 'pos' is not this branch's topic prefix"), problem.errors());
    }

    @Test
    void transactionMarkersGoToTheBranchsOwnTransactionTopic() {
        OutgoingRecord end = route(Captured.requests().get(5).body(), null, new Branch("b2", "pos-b2"), true).get(0);
        assertEquals("pos-b2.transaction", end.topic());
    }
}
