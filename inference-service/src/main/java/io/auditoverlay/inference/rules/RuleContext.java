package io.auditoverlay.inference.rules;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.jexl3.JexlContext;

/**
 * Variables of one evaluation: the anchor's {@code op, table, before, after, row, changed},
 * {@code tx} (id, source, partial), the rule's related sets and {@code it} inside a
 * {@code where}. Functions are called without a prefix ({@code sum(items, 'line_total')}).
 */
final class RuleContext implements JexlContext, JexlContext.NamespaceResolver {

    private final Map<String, Object> vars = new HashMap<>();
    private final RuleFunctions functions;

    RuleContext(RuleFunctions functions, Map<String, Object> anchor, Map<String, Object> tx) {
        this.functions = functions;
        vars.putAll(anchor);
        vars.put("tx", tx);
    }

    @Override
    public Object get(String name) {
        return vars.get(name);
    }

    @Override
    public void set(String name, Object value) {
        vars.put(name, value);
    }

    @Override
    public boolean has(String name) {
        return vars.containsKey(name);
    }

    @Override
    public Object resolveNamespace(String name) {
        return name == null ? functions : null;
    }
}
