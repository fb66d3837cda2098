package io.auditoverlay.inference.rules;

/** A rules file that cannot be used: unreadable, malformed, or naming something that does not exist. */
public class RulesException extends RuntimeException {

    public RulesException(String message) {
        super(message);
    }

    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
