package io.auditoverlay.normalizer.mapping;

/** A raw message that can never be mapped: it goes to the dead-letter topic with this reason. */
public class RejectedMessageException extends RuntimeException {

    public RejectedMessageException(String reason) {
        super(reason);
    }

    public RejectedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
