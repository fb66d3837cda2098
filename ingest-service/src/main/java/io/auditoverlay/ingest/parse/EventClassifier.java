package io.auditoverlay.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.ingest.rest.IngestProblem;
import io.auditoverlay.model.debezium.DebeziumEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks that every event has the envelope parts the pipeline relies on, with the right types, and
 * says what it is. A batch with any bad event is refused as a whole, naming every fault found.
 */
public final class EventClassifier {

    private static final Set<String> OPS = Set.of("c", "u", "d", "r", "t");
    private static final int MAX_REPORTED = 50;

    /** All events classified, or an {@link IngestProblem} (400) listing what is wrong. */
    public List<ClassifiedEvent> classify(List<RawEvent> events) {
        List<ClassifiedEvent> out = new ArrayList<>(events.size());
        List<String> errors = new ArrayList<>();
        for (RawEvent event : events) {
            Faults faults = new Faults(event.index());
            ClassifiedEvent classified = classify(event, faults);
            if (faults.list.isEmpty()) {
                out.add(classified);
            } else if (errors.size() < MAX_REPORTED) {
                errors.addAll(faults.list);
            }
        }
        if (!errors.isEmpty()) {
            throw IngestProblem.badRequest(
                    "The request holds events that are not well-formed Debezium messages; nothing was written.",
                    errors.subList(0, Math.min(errors.size(), MAX_REPORTED)));
        }
        return out;
    }

    private ClassifiedEvent classify(RawEvent event, Faults faults) {
        JsonNode message = event.message();
        if (message.has("schema") && !message.has("payload")) {
            faults.add("has 'schema' but no 'payload'");
            return null;
        }
        if (message.has("payload") && message.has("schema") && !message.get("schema").isObject()
                && !message.get("schema").isNull()) {
            faults.add("'schema' must be an object");
        }
        JsonNode payload = DebeziumEnvelope.payload(message);
        if (payload == null || !payload.isObject()) {
            faults.add("'payload' must be an object");
            return null;
        }
        if (payload.has("op")) {
            return change(event, payload, faults);
        }
        if (payload.has("status")) {
            return transaction(event, payload, faults);
        }
        if (payload.has("ddl") || payload.has("tableChanges")) {
            return schemaChange(event, payload, faults);
        }
        faults.add("neither a row change (op), a transaction marker (status) nor a schema change (ddl)");
        return null;
    }

    private ClassifiedEvent change(RawEvent event, JsonNode p, Faults faults) {
        String op = faults.text(p, "op");
        if (op != null && !OPS.contains(op)) {
            faults.add("op must be one of c, u, d, r, t, not '" + op + "'");
        }
        JsonNode source = faults.object(p, "source");
        String name = null;
        String db = null;
        String table = null;
        if (source != null) {
            name = faults.text(source, "source.name");
            db = faults.text(source, "source.db");
            table = faults.text(source, "source.table");
            faults.text(source, "source.file");
            faults.integer(source, "source.pos");
            faults.optionalInteger(source, "source.row");
            faults.optionalInteger(source, "source.server_id");
            faults.optionalInteger(source, "source.ts_ms");
        }
        if (op != null) {
            boolean needsBefore = op.equals("u") || op.equals("d");
            boolean needsAfter = op.equals("c") || op.equals("u") || op.equals("r");
            faults.row(p, "before", needsBefore);
            faults.row(p, "after", needsAfter);
        }
        faults.optionalInteger(p, "ts_ms");
        JsonNode tx = p.get("transaction");
        if (tx != null && !tx.isNull()) {
            if (!tx.isObject()) {
                faults.add("transaction must be an object or null");
            } else {
                faults.text(tx, "transaction.id");
            }
        }
        return new ClassifiedEvent(event, EventKind.CHANGE, name, db, table, op, null);
    }

    private ClassifiedEvent transaction(RawEvent event, JsonNode p, Faults faults) {
        String status = faults.text(p, "status");
        if (status != null && !status.equals("BEGIN") && !status.equals("END")) {
            faults.add("status must be BEGIN or END, not '" + status + "'");
        }
        String id = faults.text(p, "id");
        if ("END".equals(status)) {
            faults.integer(p, "event_count");
        } else {
            faults.optionalInteger(p, "event_count");
        }
        JsonNode collections = p.get("data_collections");
        if (collections != null && !collections.isNull() && !collections.isArray()) {
            faults.add("data_collections must be an array or null");
        }
        faults.optionalInteger(p, "ts_ms");
        return new ClassifiedEvent(event, EventKind.TRANSACTION, null, null, null, null, id);
    }

    private ClassifiedEvent schemaChange(RawEvent event, JsonNode p, Faults faults) {
        JsonNode source = faults.object(p, "source");
        String name = source == null ? null : faults.text(source, "source.name");
        JsonNode database = p.get("databaseName");
        if (database == null || !database.isTextual()) {
            faults.add("databaseName must be a string");
        }
        JsonNode ddl = p.get("ddl");
        if (ddl != null && !ddl.isNull() && !ddl.isTextual()) {
            faults.add("ddl must be a string");
        }
        return new ClassifiedEvent(event, EventKind.SCHEMA_CHANGE, name,
                database == null ? null : database.asText(), null, null, null);
    }

    /** The faults of one event, each prefixed with the event's position. */
    private static final class Faults {
        private final int index;
        private final List<String> list = new ArrayList<>();

        Faults(int index) {
            this.index = index;
        }

        void add(String fault) {
            list.add("event " + index + ": " + fault);
        }

        String text(JsonNode parent, String path) {
            JsonNode node = parent.get(leaf(path));
            if (node == null || node.isNull()) {
                add(path + " is missing");
                return null;
            }
            if (!node.isTextual()) {
                add(path + " must be a string, got " + type(node));
                return null;
            }
            return node.asText();
        }

        JsonNode object(JsonNode parent, String path) {
            JsonNode node = parent.get(leaf(path));
            if (node == null || node.isNull()) {
                add(path + " is missing");
                return null;
            }
            if (!node.isObject()) {
                add(path + " must be an object, got " + type(node));
                return null;
            }
            return node;
        }

        void integer(JsonNode parent, String path) {
            JsonNode node = parent.get(leaf(path));
            if (node == null || node.isNull()) {
                add(path + " is missing");
            } else if (!node.isIntegralNumber()) {
                add(path + " must be an integer, got " + type(node));
            }
        }

        void optionalInteger(JsonNode parent, String path) {
            JsonNode node = parent.get(leaf(path));
            if (node != null && !node.isNull() && !node.isIntegralNumber()) {
                add(path + " must be an integer, got " + type(node));
            }
        }

        void row(JsonNode parent, String field, boolean required) {
            JsonNode node = parent.get(field);
            boolean present = node != null && !node.isNull();
            if (present && !node.isObject()) {
                add(field + " must be an object or null, got " + type(node));
            } else if (required && !present) {
                add(field + " is missing (op " + parent.path("op").asText() + " needs it)");
            }
        }

        private static String leaf(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        private static String type(JsonNode node) {
            return node.getNodeType().name().toLowerCase();
        }
    }
}
