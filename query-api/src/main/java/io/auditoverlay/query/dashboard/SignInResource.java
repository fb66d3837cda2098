package io.auditoverlay.query.dashboard;

import java.net.URI;
import java.util.Optional;

import io.auditoverlay.query.accesslog.AccessLogFilter;
import io.auditoverlay.query.dashboard.Sessions.Session;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.security.TokenRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Sign-in: a token exchanged for an HttpOnly, SameSite=Strict session cookie. */
@Path("/ui/sign-in")
@PermitAll
public class SignInResource {

    private final TokenRegistry tokens;
    private final Sessions sessions;
    private final DashboardConfig config;
    private final Template signIn;
    private final CurrentVertxRequest request;

    public SignInResource(TokenRegistry tokens, Sessions sessions, DashboardConfig config,
                          @Location("dashboard/sign-in.html") Template signIn, CurrentVertxRequest request) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.config = config;
        this.signIn = signIn;
        this.request = request;
    }

    @GET
    public Response form(@QueryParam("next") String next) {
        return Ui.html(200, signIn.data("next", safeNext(next)).data("error", null));
    }

    @POST
    public Response signIn(@FormParam("token") String token, @FormParam("next") String next,
                           @HeaderParam("Origin") String origin, @HeaderParam("Host") String host) {
        if (origin != null && host != null && !origin.endsWith("://" + host)) {
            return Ui.html(403, signIn.data("next", safeNext(next)).data("error", "Sign in from this dashboard's own page."));
        }
        Optional<Caller> caller = tokens.lookup(token).map(Caller::of);
        if (caller.isEmpty() || Roles.AI_AGENT.equals(caller.get().role())) {
            request.getCurrent().put(AccessLogFilter.ERROR, caller.isEmpty() ? "unknown token" : "ai-agent token refused");
            String why = caller.isEmpty() ? "That token is not known." : "An ai-agent token is for MCP clients, not the dashboard.";
            return Ui.html(401, signIn.data("next", safeNext(next)).data("error", why));
        }
        request.getCurrent().put(AccessLogFilter.CALLER, caller.get());
        Session s = sessions.open(caller.get());
        NewCookie cookie = new NewCookie.Builder(Ui.COOKIE).value(s.id()).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create(safeNext(next))).cookie(cookie).build();
    }

    /** Only a path of this dashboard: never another site (an open redirect). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/ui/") || next.startsWith("//") || next.contains("\\") || next.startsWith("/ui/sign-")) {
            return "/ui/overview";
        }
        return next;
    }
}
