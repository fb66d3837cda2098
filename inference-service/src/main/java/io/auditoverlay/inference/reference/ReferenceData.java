package io.auditoverlay.inference.reference;

import io.auditoverlay.inference.rules.ReferenceLookup;
import io.auditoverlay.inference.rules.RulesFile;
import io.auditoverlay.inference.rules.Values;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference rows (roles, products…) learned from the change stream: the snapshot's READ rows
 * and every later change to a table the rules file lists under {@code reference}. The service
 * never queries the source database, so this is how a rule turns {@code role_id 3} into
 * {@code MANAGER}. A deleted row is kept: older events still refer to it.
 */
public final class ReferenceData implements ReferenceLookup {

    private final Map<String, RulesFile.ReferenceSpec> tables;
    private final Map<String, ReferenceRow> rows = new ConcurrentHashMap<>();

    public ReferenceData(Map<String, RulesFile.ReferenceSpec> tables) {
        this.tables = tables;
    }

    /** Loads rows persisted earlier. */
    public void load(Collection<ReferenceRow> persisted) {
        persisted.forEach(this::put);
    }

    /**
     * Remembers a change to a reference table.
     *
     * @return the row to persist, empty when the table is not a reference table or the change is older
     */
    public Optional<ReferenceRow> apply(CanonicalChangeEvent change) {
        RulesFile.ReferenceSpec spec = tables.get(change.table());
        Map<String, Object> image = change.row();
        if (spec == null || image == null || change.op() == Operation.DELETE || change.op() == Operation.TRUNCATE
                || change.op() == Operation.DDL) {
            return Optional.empty();
        }
        Object keyValue = image.get(spec.key());
        if (keyValue == null) {
            return Optional.empty();
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String column : spec.columns()) {
            columns.put(column, image.get(column));
        }
        ReferenceRow row = new ReferenceRow(change.source(), change.table(), Values.text(keyValue), columns,
                change.committedAt());
        return put(row) ? Optional.of(row) : Optional.empty();
    }

    /** Remembers every reference change among these, in order; returns what to persist. */
    public List<ReferenceRow> applyAll(List<CanonicalChangeEvent> changes) {
        return changes.stream().map(this::apply).flatMap(Optional::stream).toList();
    }

    @Override
    public Map<String, Object> row(String source, String table, String key) {
        ReferenceRow row = rows.get(id(source, table, key));
        return row == null ? null : row.columns();
    }

    public int size() {
        return rows.size();
    }

    private boolean put(ReferenceRow row) {
        boolean[] taken = {false};
        rows.compute(id(row.source(), row.table(), row.key()), (id, old) -> {
            if (old != null && old.committedAt() != null && row.committedAt() != null
                    && old.committedAt().isAfter(row.committedAt())) {
                return old;
            }
            taken[0] = true;
            return row;
        });
        return taken[0];
    }

    private static String id(String source, String table, String key) {
        return source + '|' + table + '|' + key;
    }
}
