package io.auditoverlay.inference.rules;

import io.auditoverlay.model.business.BusinessEvent;

/**
 * A business event with how it was inferred.
 *
 * @param rule the rule that produced it ({@code data-changed} for the fallback)
 * @param partial true when its transaction was closed by the timeout and may lack changes
 */
public record InferredEvent(BusinessEvent event, String rule, boolean partial) {
}
