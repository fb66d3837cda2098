package io.auditoverlay.query.web;

/** A request the API refuses, with the status and the words a client needs to fix it. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;

    public ApiException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    /**
     * Every database connection stayed in use for the pool's acquisition timeout: the server is
     * overloaded, not broken; the client may try again (503 with Retry-After, no stack trace logged).
     */
    public static ApiException busy(String what) {
        return new ApiException(503, "Service Unavailable", what + ": every database connection is in use; try again shortly");
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
