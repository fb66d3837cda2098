package io.auditoverlay.inference.rules;

/**
 * Java code a rule calls by name ({@code hooks: [matching-sale]}) for what an expression over
 * the transaction's rows cannot compute. Hooks add or change attributes; they run after the
 * rule's own attributes are computed.
 */
public interface RuleHook {

    /** The name rules files use. */
    String name();

    void apply(HookContext context);
}
