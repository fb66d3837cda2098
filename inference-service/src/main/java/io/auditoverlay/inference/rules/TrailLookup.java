package io.auditoverlay.inference.rules;

import io.auditoverlay.model.business.BusinessEvent;
import java.util.Optional;

/** Read access to business events already inferred, for hooks that relate an event to earlier ones. */
@FunctionalInterface
public interface TrailLookup {

    /** A trail that knows nothing (tests, or hooks that do not need it). */
    TrailLookup EMPTY = (type, subjectType, subjectId, branchId) -> Optional.empty();

    /** The latest event of this type about this subject in this branch, if any. */
    Optional<BusinessEvent> find(String type, String subjectType, String subjectId, String branchId);
}
