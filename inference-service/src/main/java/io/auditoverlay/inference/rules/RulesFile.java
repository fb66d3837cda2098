package io.auditoverlay.inference.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules file as written (YAML). See {@code docs/inference-rules.md} for the language.
 *
 * @param version format version, currently 1
 * @param reference tables whose rows the service remembers from the change stream, so that
 *        rules can look values up ({@code lookup('roles', after.role_id, 'name')})
 * @param rules the rules, applied to every transaction in this order
 * @param fallback what a transaction's unclaimed changes become ({@code data.changed})
 */
public record RulesFile(Integer version, List<ReferenceSpec> reference, List<RuleSpec> rules, FallbackSpec fallback) {

    /**
     * A reference table.
     *
     * @param table table name
     * @param key the key column
     * @param columns the columns to remember (only these: never personal data a rule does not need)
     */
    public record ReferenceSpec(String table, String key, List<String> columns) {
    }

    /**
     * One rule: which change anchors it, which other changes of the transaction belong to it,
     * and the business event it emits per anchor.
     *
     * @param name stable rule name; part of the business event id, so do not rename lightly
     * @param type business event type
     * @param description for people
     * @param when the anchor condition
     * @param related named sets of other changes of the same transaction, visible to expressions
     *        as lists and claimed by the event (so they do not fall through to {@code data.changed})
     * @param condition an expression over the anchor and the related sets that must be true
     * @param subject what the event is about
     * @param branch expression for the branch id (default: the change's branch)
     * @param actor expression for the acting user id
     * @param occurredAt expression for the business time (default: the commit time)
     * @param distinct emit at most one event per subject in a transaction (later anchors are claimed)
     * @param attributes attribute name → expression
     * @param hooks names of Java hooks that add attributes a rule cannot compute from rows
     */
    public record RuleSpec(
            String name,
            String type,
            String description,
            MatchSpec when,
            Map<String, RelatedSpec> related,
            String condition,
            SubjectSpec subject,
            String branch,
            String actor,
            String occurredAt,
            Boolean distinct,
            LinkedHashMap<String, String> attributes,
            List<String> hooks) {
    }

    /**
     * Which change anchors a rule.
     *
     * @param table table name
     * @param ops operations, any of CREATE, UPDATE, DELETE, TRUNCATE (default: all)
     * @param changedColumns for an UPDATE, at least one of these columns must have changed
     * @param condition an expression over the change alone
     */
    public record MatchSpec(String table, List<String> ops, List<String> changedColumns, String condition) {
    }

    /**
     * A set of other changes in the same transaction.
     *
     * @param table table name
     * @param ops operations (default: all)
     * @param where an expression over {@code it} (the candidate change) and the anchor
     * @param includeAnchor whether the anchor itself may belong to the set (default: no)
     */
    public record RelatedSpec(String table, List<String> ops, String where, Boolean includeAnchor) {
    }

    /** @param type subject type (a literal, e.g. {@code sale}) @param id expression for the subject id */
    public record SubjectSpec(String type, String id) {
    }

    /**
     * @param type event type for unclaimed changes (default {@code data.changed})
     * @param actorColumns columns tried, in order, for the acting user of an unclaimed change
     * @param maxListedChanges how many changes the event lists (the count is always complete)
     */
    public record FallbackSpec(String type, List<String> actorColumns, Integer maxListedChanges) {
    }
}
