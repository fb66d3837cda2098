package io.auditoverlay.normalizer.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a raw record may go to {@code audit.dlq}: the masked columns never leave the service, in
 * a dead letter no more than in a stored change. A record of a table without masked columns goes
 * as it came; one with them goes with those columns' values in its before and after images
 * replaced by {@code [REDACTED]} (the rest of the record unchanged, with or without its Connect
 * schema); one that cannot be read as JSON goes without its value ("withheld"): its headers name
 * the raw topic, partition and offset it can be read again from, by someone allowed to.
 */
public final class DeadLetterMasking {

    /** How a dead letter's value was treated (header {@code audit.dlq.masking}). */
    public enum Treatment { NONE, MASKED, WITHHELD }

    /** The value to send and how it was treated. */
    public record Result(byte[] value, Treatment treatment) {
    }

    private final ColumnMasker masker;
    private final ObjectMapper json;

    public DeadLetterMasking(ColumnMasker masker, ObjectMapper json) {
        this.masker = masker;
        this.json = json;
    }

    /** @param topic the raw topic ({@code <prefix>.<db>.<table>}, or {@code <prefix>.transaction}) */
    public Result mask(String topic, byte[] value) {
        String[] parts = topic.split("\\.");
        if (value.length == 0 || parts.length != 3 || !masker.masksAnyColumnOf(parts[1], parts[2])) {
            return new Result(value, Treatment.NONE);
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (IOException unreadable) {
            return new Result(new byte[0], Treatment.WITHHELD);
        }
        if (root == null || !root.isObject()) {
            return new Result(new byte[0], Treatment.WITHHELD);
        }
        JsonNode envelope = root.path("payload").isObject() ? root.path("payload") : root;
        boolean changed = false;
        for (String image : List.of("before", "after")) {
            if (envelope.get(image) instanceof ObjectNode row) {
                changed |= redact(parts[1], parts[2], row);
            }
        }
        try {
            return changed ? new Result(json.writeValueAsBytes(root), Treatment.MASKED) : new Result(value, Treatment.NONE);
        } catch (IOException e) {
            return new Result(new byte[0], Treatment.WITHHELD);
        }
    }

    /** A reason with every quoted text ('…' or "…") elided: parsers quote the input they stumbled on. */
    public static String withoutQuotedText(String reason) {
        return reason.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }

    private boolean redact(String database, String table, ObjectNode row) {
        List<String> masked = new ArrayList<>();
        row.fieldNames().forEachRemaining(column -> {
            if (!row.get(column).isNull() && masker.isMasked(database, table, column)) {
                masked.add(column);
            }
        });
        masked.forEach(column -> row.put(column, CanonicalChangeEvent.REDACTED));
        return !masked.isEmpty();
    }
}
