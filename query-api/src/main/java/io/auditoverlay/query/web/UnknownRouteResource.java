package io.auditoverlay.query.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Answers unknown paths under /api/v1 with a 404 problem (without it, an unmatched request
 * falls through to the HTTP layer's bare 404). Literal paths of real resources win over this template.
 */
@Path("/api/v1/{unknown: .*}")
@PermitAll
public class UnknownRouteResource {

    @GET
    public void get(@PathParam("unknown") String path) {
        throw notFound(path);
    }

    @POST
    public void post(@PathParam("unknown") String path) {
        throw notFound(path);
    }

    @PUT
    public void put(@PathParam("unknown") String path) {
        throw notFound(path);
    }

    @PATCH
    public void patch(@PathParam("unknown") String path) {
        throw notFound(path);
    }

    @DELETE
    public void delete(@PathParam("unknown") String path) {
        throw notFound(path);
    }

    private static ApiException notFound(String path) {
        return ApiException.notFound("no resource at /api/v1/" + path + " (see /q/openapi)");
    }
}
