package io.auditoverlay.inference.processing;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.rules.InferredEvent;
import java.util.List;

/**
 * What one durable batch did.
 *
 * @param inferred transactions inferred now (with what they produced)
 * @param redelivered transactions already inferred before (their stored events published again)
 * @param snapshotRows snapshot rows taken into the reference data
 * @param ruleErrors rule failures, {@code rule: message}
 */
public record BatchOutcome(List<Inferred> inferred, List<AssembledTransaction<?>> redelivered, int snapshotRows,
        List<String> ruleErrors) {

    /** One inferred transaction. */
    public record Inferred(AssembledTransaction<?> transaction, List<InferredEvent> events, boolean onlyFallback) {
    }
}
