package io.auditoverlay.ingest.rest;

import java.util.List;

/**
 * A request ingest-service refuses, rendered as RFC 9457 problem details by {@link ProblemMapper}.
 * Thrown before anything is sent to Kafka, so a refused request writes nothing.
 */
public class IngestProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<String> errors;

    public IngestProblem(int status, String slug, String title, String detail, List<String> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** Every refusal's slug (the {@code reason} of {@code ingest_rejected_total}). */
    static final List<String> REASONS = List.of("invalid-event", "branch-mismatch", "malformed-json", "too-large",
            "unauthorized", "forbidden-prefix", ProblemMapper.KAFKA_UNAVAILABLE);

    public static IngestProblem badRequest(String detail, List<String> errors) {
        return new IngestProblem(400, "invalid-event", "Invalid change event", detail, errors);
    }

    public static IngestProblem branchMismatch(String detail, List<String> errors) {
        return new IngestProblem(400, "branch-mismatch", "Row of another branch than the token's", detail, errors);
    }

    public static IngestProblem malformed(String detail) {
        return new IngestProblem(400, "malformed-json", "Malformed JSON", detail, List.of());
    }

    public static IngestProblem tooLarge(String detail) {
        return new IngestProblem(413, "too-large", "Request too large", detail, List.of());
    }

    public static IngestProblem unauthorized(String detail) {
        return new IngestProblem(401, "unauthorized", "Missing or unknown branch token", detail, List.of());
    }

    public static IngestProblem forbidden(String detail, List<String> errors) {
        return new IngestProblem(403, "forbidden-prefix", "Topic prefix not allowed for this branch", detail, errors);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }
}
