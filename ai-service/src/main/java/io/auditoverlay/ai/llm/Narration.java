package io.auditoverlay.ai.llm;

/**
 * A text and what wrote it: the model's name, or {@value #TEMPLATE}.
 *
 * @param outcome why this text was chosen
 */
public record Narration(String text, String writtenBy, Outcome outcome) {

    public static final String TEMPLATE = "template";

    public enum Outcome {
        /** The model answered now, and every number in it is grounded. */
        MODEL,
        /** A stored answer to the same prompt was reused, and it is grounded. */
        CACHED,
        /** Model calls are disabled by configuration. */
        DISABLED,
        /** No model answer (unreachable, timeout, open circuit, empty reply). */
        UNAVAILABLE,
        /** The model's text held a number the facts do not: rejected. */
        UNGROUNDED
    }

    public boolean byModel() {
        return outcome == Outcome.MODEL || outcome == Outcome.CACHED;
    }
}
