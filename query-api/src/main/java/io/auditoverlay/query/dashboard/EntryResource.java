package io.auditoverlay.query.dashboard;

import io.auditoverlay.query.accesslog.AccessLogFilter;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The dashboard's entry at {@code /}, and sign-out. */
@Path("/")
@PermitAll
public class EntryResource {

    private final Sessions sessions;
    private final CurrentVertxRequest request;

    public EntryResource(Sessions sessions, CurrentVertxRequest request) {
        this.sessions = sessions;
        this.request = request;
    }

    @GET
    public Response root(@CookieParam(Ui.COOKIE) String session) {
        return Ui.seeOther(sessions.find(session).isPresent() ? "/ui/overview" : "/ui/sign-in");
    }

    @GET
    @Path("ui")
    public Response ui() {
        return Ui.seeOther("/ui/overview");
    }

    @POST
    @Path("ui/sign-out")
    public Response signOut(@FormParam("csrf") String csrf, @CookieParam(Ui.COOKIE) String id) {
        sessions.find(id).ifPresent(s -> {
            request.getCurrent().put(AccessLogFilter.CALLER, s.caller());
            if (Sessions.csrfMatches(s, csrf)) {
                sessions.close(s.id());
            }
        });
        NewCookie gone = new NewCookie.Builder(Ui.COOKIE).value("").path("/").httpOnly(true).maxAge(0)
                .sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/ui/sign-in")).cookie(gone).build();
    }

}
