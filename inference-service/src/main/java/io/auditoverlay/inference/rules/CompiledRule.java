package io.auditoverlay.inference.rules;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlExpression;

/** A rule ready to run: its expressions parsed, its hooks resolved. */
record CompiledRule(
        String name,
        String type,
        String table,
        Set<Operation> ops,
        List<String> changedColumns,
        JexlExpression when,
        Map<String, Related> related,
        JexlExpression condition,
        String subjectType,
        JexlExpression subjectId,
        JexlExpression branch,
        JexlExpression actor,
        JexlExpression occurredAt,
        boolean distinct,
        LinkedHashMap<String, JexlExpression> attributes,
        List<RuleHook> hooks) {

    /** A related set: changes of a table, some operations, satisfying {@code where}. */
    record Related(String table, Set<Operation> ops, JexlExpression where, boolean includeAnchor) {

        boolean accepts(CanonicalChangeEvent change) {
            return table.equals(change.table()) && (ops.isEmpty() || ops.contains(change.op()));
        }
    }

    /** The anchor test that needs no expression: table, operation, changed columns. */
    boolean anchors(CanonicalChangeEvent change) {
        if (!table.equals(change.table()) || (!ops.isEmpty() && !ops.contains(change.op()))) {
            return false;
        }
        if (changedColumns.isEmpty() || change.op() != Operation.UPDATE) {
            return true;
        }
        List<String> changed = change.changedColumns();
        if (changed == null) {
            return false;
        }
        for (String column : changedColumns) {
            if (changed.contains(column)) {
                return true;
            }
        }
        return false;
    }
}
