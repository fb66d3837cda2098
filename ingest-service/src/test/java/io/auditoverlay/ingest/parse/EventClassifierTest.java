package io.auditoverlay.ingest.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.auditoverlay.ingest.rest.IngestProblem;
import io.auditoverlay.ingest.support.Captured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventClassifierTest {

    private final BodyReader reader = new BodyReader(100);
    private final EventClassifier classifier = new EventClassifier();

    private List<ClassifiedEvent> classify(String body) {
        return classifier.classify(reader.read(body.getBytes(StandardCharsets.UTF_8)).events());
    }

    @Test
    void capturedHttpSinkRequestsAreRecognised() {
        List<ClassifiedEvent> events = Captured.requests().stream()
                .map(r -> classify(r.body()).get(0)).toList();
        assertEquals(List.of(EventKind.SCHEMA_CHANGE, EventKind.TRANSACTION, EventKind.CHANGE, EventKind.CHANGE,
                EventKind.CHANGE, EventKind.TRANSACTION), events.stream().map(ClassifiedEvent::kind).toList());
        ClassifiedEvent update = events.get(2);
        assertEquals("pos", update.prefix());
        assertEquals("pharmacy", update.database());
        assertEquals("inventory", update.table());
        assertEquals("u", update.op());
        assertEquals(Captured.TX, events.get(1).transactionId());
        assertEquals("", events.get(0).database());
        assertEquals(true, events.get(4).isDelete());
    }

    @Test
    void withoutSchemasToo() {
        ClassifiedEvent e = classify("{\"op\":\"c\",\"after\":{\"id\":1},\"source\":{\"name\":\"p\",\"db\":\"d\","
                + "\"table\":\"t\",\"file\":\"f\",\"pos\":4}}").get(0);
        assertEquals(EventKind.CHANGE, e.kind());
    }

    @Test
    void wrongTypesAndMissingPartsAreAllReported() {
        String body = "[{\"op\":5,\"source\":{\"name\":\"p\",\"db\":\"d\",\"table\":\"t\",\"file\":\"f\",\"pos\":\"12\"}},"
                + "{\"op\":\"u\",\"after\":{\"id\":1},\"source\":{\"name\":\"p\",\"db\":\"d\",\"table\":7,\"file\":\"f\",\"pos\":1}},"
                + "{\"op\":\"x\",\"source\":\"nope\"},"
                + "{\"status\":\"END\",\"id\":\"1-2-3\",\"event_count\":\"3\"},"
                + "{\"hello\":\"world\"},"
                + "{\"schema\":{},\"payload\":[1]}]";
        IngestProblem problem = assertThrows(IngestProblem.class, () -> classify(body));
        assertEquals(400, problem.status());
        assertEquals(List.of(
                "event 0: op must be a string, got number",
                "event 0: source.pos must be an integer, got string",
                "event 1: source.table must be a string, got number",
                "event 1: before is missing (op u needs it)",
                "event 2: op must be one of c, u, d, r, t, not 'x'",
                "event 2: source must be an object, got string",
                "event 3: event_count must be an integer, got string",
                "event 4: neither a row change (op), a transaction marker (status) nor a schema change (ddl)",
                "event 5: 'payload' must be an object"), problem.errors());
    }
}
