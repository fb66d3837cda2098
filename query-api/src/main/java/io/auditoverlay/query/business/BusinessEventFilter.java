package io.auditoverlay.query.business;

import java.time.Instant;

/**
 * Filters of the business-event list; null means "any".
 *
 * @param text searched (case-insensitively) in the attributes, by word where it has a word of the trail (BusinessEventSearch)
 */
public record BusinessEventFilter(String type, String branch, String actor, String subjectType, String subjectId,
                                  String transactionId, String text, Instant from, Instant to) {

    public static BusinessEventFilter none() {
        return new BusinessEventFilter(null, null, null, null, null, null, null, null, null);
    }
}
