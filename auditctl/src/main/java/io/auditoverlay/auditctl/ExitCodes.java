package io.auditoverlay.auditctl;

/** Exit codes, for scripts (also listed in the README and in --help). */
public final class ExitCodes {

    public static final int OK = 0;
    /** The request failed for another reason (a 5xx, an I/O error). */
    public static final int FAILURE = 1;
    /** Wrong usage: unknown option, bad value (picocli's own code). */
    public static final int USAGE = 2;
    /** query-api could not be reached. */
    public static final int UNREACHABLE = 3;
    /** No token, an unknown token, or a role that may not do this (401, 403). */
    public static final int DENIED = 4;
    /** Nothing found (404). */
    public static final int NOT_FOUND = 5;
    /** The API refused the input (400, 409). */
    public static final int REJECTED = 6;
    /** verify found the trail incomplete. */
    public static final int INTEGRITY = 7;

    private ExitCodes() {
    }
}
