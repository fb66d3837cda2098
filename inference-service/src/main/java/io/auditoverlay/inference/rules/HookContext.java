package io.auditoverlay.inference.rules;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.util.Map;

/**
 * What a hook sees.
 *
 * @param anchor the change the rule matched
 * @param attributes the event's attributes so far; the hook may add to them
 * @param branchId the event's branch
 * @param trail business events already inferred
 */
public record HookContext(CanonicalChangeEvent anchor, Map<String, Object> attributes, String branchId,
        TrailLookup trail) {
}
