package io.auditoverlay.auditctl.client;

import io.auditoverlay.auditctl.ExitCodes;

/** An error answer of query-api (an RFC 9457 problem), or no answer at all. */
public class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 0 when the API could not be reached. */
    public int status() {
        return status;
    }

    public int exitCode() {
        return switch (status) {
            case 0 -> ExitCodes.UNREACHABLE;
            case 401, 403 -> ExitCodes.DENIED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 400, 409, 422 -> ExitCodes.REJECTED;
            default -> ExitCodes.FAILURE;
        };
    }
}
