package io.auditoverlay.ingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditoverlay.ingest.parse.ClassifiedEvent;
import io.auditoverlay.ingest.parse.EventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A token bound to one branch may only send rows of that branch: a row change whose before or
 * after image names another branch in its branch column is a spoof (or a misrouted source), and
 * the whole request is refused.
 */
public final class BranchGuard {

    private final String defaultColumn;
    private final Map<String, String> columnByTable;

    public BranchGuard(String defaultColumn, Map<String, String> columnByTable) {
        this.defaultColumn = defaultColumn;
        this.columnByTable = Map.copyOf(columnByTable);
    }

    /** What contradicts the branch, one line per offending event; empty when nothing does (or the branch has no id). */
    public List<String> contradictions(List<ClassifiedEvent> events, Branch branch) {
        List<String> out = new ArrayList<>();
        if (branch.branchId().isEmpty()) {
            return out;
        }
        String expected = branch.branchId().get();
        for (ClassifiedEvent e : events) {
            if (e.kind() != EventKind.CHANGE) {
                continue;
            }
            String column = columnByTable.getOrDefault(e.table(), defaultColumn);
            JsonNode payload = payload(e.raw().message());
            for (String image : new String[] {"before", "after"}) {
                JsonNode value = payload.path(image).path(column);
                if (!value.isMissingNode() && !value.isNull() && !expected.equals(value.asText())) {
                    out.add("event " + e.raw().index() + ": " + e.table() + "." + column + " in '" + image + "' is "
                            + clip(value.asText()) + ", but the token is branch " + branch.name() + "'s (" + expected + ")");
                    break;
                }
            }
        }
        return out;
    }

    private static JsonNode payload(JsonNode message) {
        return message.has("payload") && message.has("schema") ? message.get("payload") : message;
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
