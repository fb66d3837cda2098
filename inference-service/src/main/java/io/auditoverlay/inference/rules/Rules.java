package io.auditoverlay.inference.rules;

import java.util.List;
import java.util.Map;

/**
 * A loaded, checked rules file.
 *
 * @param origin where it came from (a path or {@code classpath:…}), for logs
 * @param reference reference tables by name
 */
public record Rules(String origin, List<CompiledRule> rules, Map<String, RulesFile.ReferenceSpec> reference,
        Fallback fallback) {

    /** Rule names, in order. */
    public List<String> names() {
        return rules.stream().map(CompiledRule::name).toList();
    }

    /** What unclaimed changes become. */
    public record Fallback(String type, List<String> actorColumns, int maxListedChanges) {

        /** Rule name of the fallback event (part of its id). */
        public static final String RULE = "data-changed";
    }
}
