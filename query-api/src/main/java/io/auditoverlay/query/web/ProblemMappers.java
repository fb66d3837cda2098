package io.auditoverlay.query.web;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every error leaves as application/problem+json (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response problem = Problem.of(e.status(), e.title(), e.getMessage(), path(uri)).toResponse();
        return e.status() == 503 ? Response.fromResponse(problem).header("Retry-After", RETRY_AFTER_SECONDS).build() : problem;
    }

    /** What a 503 (busy) asks a client to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                        "send a valid token as 'Authorization: Bearer <token>'", path(uri)).toResponse())
                .header("WWW-Authenticate", "Bearer realm=\"audit-overlay\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(403, "Forbidden", "this token's role may not do that", path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, "Bad Request", "the body is not the JSON this endpoint expects: "
                + e.getOriginalMessage(), path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = status.getStatusCode() == 404 ? "no such resource" : e.getMessage();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail, path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "request %s failed", path(uri));
        return Problem.of(500, "Internal Server Error", "the request failed; the server log has the cause", path(uri)).toResponse();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
