package io.auditoverlay.query.trace;

import java.util.Set;
import java.util.UUID;

import io.auditoverlay.query.web.ApiException;

/**
 * What a trace starts from, parsed from one string: an event id (UUID, business or change
 * event), a subject {@code type:id} with an optional {@code @branch} ({@code product:5@7}),
 * or else a source-qualified transaction id ({@code pos:0-1-9}).
 */
public record TraceRef(Kind kind, String value, String subjectType, String branch) {

    public enum Kind { EVENT, SUBJECT, TRANSACTION }

    public static TraceRef parse(String ref, Set<String> subjectTypes) {
        if (ref == null || ref.isBlank()) {
            throw ApiException.badRequest("ref is required: a transaction id, an event id, or a subject such as sale:42 or product:5@7");
        }
        String r = ref.strip();
        if (r.length() > 300) {
            throw ApiException.badRequest("ref is limited to 300 characters");
        }
        try {
            return new TraceRef(Kind.EVENT, UUID.fromString(r).toString(), null, null);
        } catch (IllegalArgumentException notAUuid) {
            // fall through: a subject or a transaction id
        }
        int colon = r.indexOf(':');
        if (colon > 0 && subjectTypes.contains(r.substring(0, colon))) {
            String type = r.substring(0, colon);
            String rest = r.substring(colon + 1);
            String branch = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                branch = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            if (rest.isBlank() || (branch != null && branch.isBlank())) {
                throw ApiException.badRequest("a subject is type:id or type:id@branch, got '" + r + "'");
            }
            return new TraceRef(Kind.SUBJECT, rest, type, branch);
        }
        return new TraceRef(Kind.TRANSACTION, r, null, null);
    }
}
