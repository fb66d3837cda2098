package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Debezium's schema-change records (topic {@code <prefix>}, {@code include.schema.changes=true})
 * to canonical {@link Operation#DDL} events: one per DDL statement on a table of an audited
 * database, named by its first table, with an empty primary key, no before-image and an
 * after-image that holds the statement (docs/architecture.md, "Records"). inference-service turns
 * each into a {@code schema.changed} business event.
 *
 * <p>The snapshot's schema records (the {@code CREATE TABLE} of every table Debezium read at its
 * start, {@code SET}, {@code DROP TABLE IF EXISTS}) describe the schema, not a change to it, and
 * are skipped; so is DDL that names no table (a {@code CREATE DATABASE}). A DDL statement is its
 * own transaction in MySQL and MariaDB and Debezium gives it no transaction metadata: the event
 * has no transaction id (inference treats it as a transaction of its own) and carries the
 * statement's GTID and binlog position in its position.
 */
final class SchemaChanges {

    /** Longest statement kept whole in the after-image; longer ones are cut (and say so). */
    static final int MAX_DDL_CHARS = 16_384;

    private final BranchResolver branches;

    SchemaChanges(BranchResolver branches) {
        this.branches = branches;
    }

    Mapped map(JsonNode payload) {
        JsonNode source = payload.get("source");
        if (source == null || !source.isObject()) {
            throw new RejectedMessageException("schema change without 'source'");
        }
        String snapshot = source.path("snapshot").asText("false");
        if (!"false".equals(snapshot) && !snapshot.isEmpty()) {
            return new Mapped.Skipped("schema read by the snapshot");
        }
        JsonNode ddlNode = payload.get("ddl");
        if (ddlNode == null || !ddlNode.isTextual() || ddlNode.asText().isBlank()) {
            throw new RejectedMessageException("schema change without 'ddl'");
        }
        List<String[]> tables = tables(payload, source);
        if (tables.isEmpty()) {
            return new Mapped.Skipped("DDL on no table");
        }
        String sourceName = text(source, "name");
        String database = tables.get(0)[0] != null ? tables.get(0)[0] : text(payload, "databaseName");
        String table = tables.get(0)[1];
        Instant committedAt = instant(source.get("ts_ms"));
        if (sourceName == null || database == null || committedAt == null) {
            throw new RejectedMessageException("schema change without source.name, a database or source.ts_ms");
        }
        SourcePosition position = new SourcePosition(
                source.hasNonNull("server_id") ? source.get("server_id").asLong() : null,
                text(source, "file"),
                source.hasNonNull("pos") ? source.get("pos").asLong() : null,
                0, text(source, "gtid"), false);

        String ddl = ddlNode.asText().trim();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("ddl", ddl.length() > MAX_DDL_CHARS ? ddl.substring(0, MAX_DDL_CHARS) : ddl);
        if (ddl.length() > MAX_DDL_CHARS) {
            after.put("ddlLength", ddl.length());
        }
        JsonNode first = payload.path("tableChanges").path(0);
        after.put("change", first.hasNonNull("type") ? first.get("type").asText() : null);
        if (tables.size() > 1) {
            List<String> names = new ArrayList<>();
            tables.forEach(t -> names.add((t[0] == null ? database : t[0]) + "." + t[1]));
            after.put("tables", names);
        }
        return new Mapped.Change(new CanonicalChangeEvent(
                EventIds.changeEventId(sourceName, database, table, position, Map.of()),
                sourceName, database, table, Operation.DDL, Map.of(), null, after, List.of(),
                null, null, committedAt, instant(payload.get("ts_ms")), position,
                branches.branchOf(sourceName, table, null), CanonicalChangeEvent.SCHEMA_VERSION));
    }

    /** (database, table) of each table the statement changes: tableChanges' ids, else source.table. */
    private static List<String[]> tables(JsonNode payload, JsonNode source) {
        List<String[]> out = new ArrayList<>();
        for (JsonNode change : payload.path("tableChanges")) {
            String id = text(change, "id");
            if (id != null) {
                out.add(split(id));
            }
        }
        String table = text(source, "table");
        if (out.isEmpty() && table != null && !table.isBlank()) {
            for (String name : table.split(",")) {
                out.add(new String[] {text(source, "db"), name.trim()});
            }
        }
        return out;
    }

    /** {@code "pharmacy"."sales"} (Debezium's table id, quoted) → {pharmacy, sales}. */
    static String[] split(String id) {
        String plain = id.replace("\"", "").replace("`", "");
        int dot = plain.indexOf('.');
        return dot < 0 ? new String[] {null, plain} : new String[] {plain.substring(0, dot), plain.substring(dot + 1)};
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static Instant instant(JsonNode epochMillis) {
        return epochMillis == null || !epochMillis.canConvertToLong() ? null : Instant.ofEpochMilli(epochMillis.asLong());
    }
}
