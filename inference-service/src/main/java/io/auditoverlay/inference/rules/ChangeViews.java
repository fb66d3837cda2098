package io.auditoverlay.inference.rules;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How expressions see a change: a map with {@code op, table, before, after, row, changed,
 * primaryKey, eventId, branchId}. {@code row} is the after image, or the before image of a delete.
 */
final class ChangeViews {

    private ChangeViews() {
    }

    static Map<String, Object> of(CanonicalChangeEvent change) {
        Map<String, Object> view = new HashMap<>(16);
        view.put("op", change.op() == null ? null : change.op().name());
        view.put("table", change.table());
        view.put("before", change.before());
        view.put("after", change.after());
        view.put("row", change.row());
        view.put("changed", change.changedColumns() == null ? List.of() : change.changedColumns());
        view.put("primaryKey", change.primaryKey());
        view.put("eventId", change.eventId() == null ? null : change.eventId().toString());
        view.put("branchId", change.branchId());
        return view;
    }
}
