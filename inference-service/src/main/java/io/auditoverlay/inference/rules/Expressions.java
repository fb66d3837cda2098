package io.auditoverlay.inference.rules;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * The expression language of rules files: Apache Commons JEXL, restricted to reading values
 * (no class access beyond maps, lists, numbers, text and {@link RuleFunctions}), lenient on
 * {@code null} so that {@code before.role_id} on a CREATE is {@code null}, not an error.
 */
final class Expressions {

    private final JexlEngine jexl;

    Expressions() {
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, RuleFunctions.class);
        this.jexl = new JexlBuilder()
                .permissions(JexlPermissions.RESTRICTED.compose("io.auditoverlay.inference.rules.*"))
                .namespaces(namespaces)
                .strict(true)
                .arithmetic(new JexlArithmetic(false))
                .safe(true)
                .silent(false)
                .cache(512)
                .create();
    }

    /**
     * Compiles one expression.
     *
     * @param where where it was written, for the error message ({@code rule 'sale-completed', attribute 'total'})
     * @return the compiled expression, or {@code null} for a missing one
     */
    JexlExpression compile(String source, String where) {
        if (source == null || source.isBlank()) {
            return null;
        }
        try {
            return jexl.createExpression(source);
        } catch (JexlException e) {
            throw new RulesException(where + ": cannot parse expression '" + source + "': " + e.getMessage(), e);
        }
    }
}
