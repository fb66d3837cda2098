package io.auditoverlay.inference.rules;

import java.util.List;

/**
 * What the rules made of one transaction.
 *
 * @param events business events, rule order then change order; the fallback last
 * @param ruleErrors {@code rule: message} for every anchor a rule failed on (those changes fall
 *        through to the fallback event, so nothing is lost)
 */
public record InferenceResult(List<InferredEvent> events, List<String> ruleErrors) {

    /** True when the only event is the fallback: no rule recognised anything. */
    public boolean onlyFallback(String fallbackType) {
        return !events.isEmpty() && events.stream().allMatch(e -> e.event().type().equals(fallbackType));
    }
}
