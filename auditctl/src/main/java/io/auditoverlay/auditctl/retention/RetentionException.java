package io.auditoverlay.auditctl.retention;

/** A retention step refused or failed: its message says why and what to do. */
public class RetentionException extends RuntimeException {

    public RetentionException(String message) {
        super(message);
    }
}
