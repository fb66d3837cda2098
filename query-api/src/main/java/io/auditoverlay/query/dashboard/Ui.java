package io.auditoverlay.query.dashboard;

import java.net.URI;
import java.util.TreeSet;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.auditoverlay.query.accesslog.AccessLogFilter;
import io.auditoverlay.query.dashboard.Sessions.Session;
import io.auditoverlay.query.web.ApiException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What every dashboard page does: find the signed-in session (or send the browser to sign in),
 * tell the access log who the caller is, check the CSRF token of a form, and turn a refused or
 * failed request into a readable page instead of problem+json.
 */
@RequestScoped
public class Ui {

    public static final String COOKIE = "audit_session";
    private static final Logger LOG = Logger.getLogger(Ui.class);

    private final CurrentVertxRequest request;
    private final Sessions sessions;
    private final Template error;

    public Ui(CurrentVertxRequest request, Sessions sessions, @Location("dashboard/error.html") Template error) {
        this.request = request;
        this.sessions = sessions;
        this.error = error;
    }

    /** The signed-in session; without one the browser is sent to the sign-in page (and comes back after). */
    public Session session() {
        RoutingContext ctx = request.getCurrent();
        Cookie cookie = ctx.request().getCookie(COOKIE);
        Session s = sessions.find(cookie == null ? null : cookie.getValue()).orElseThrow(() -> new SignInRequired(back(ctx)));
        ctx.put(AccessLogFilter.CALLER, s.caller());
        return s;
    }

    /** Refuses a state change whose form does not carry the session's CSRF token or that comes from another origin. */
    public void checkForm(Session s, String csrf) {
        RoutingContext ctx = request.getCurrent();
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().getHeader("Host");
        boolean sameOrigin = origin == null || host == null || origin.endsWith("://" + host);
        if (!sameOrigin || !Sessions.csrfMatches(s, csrf)) {
            ctx.put(AccessLogFilter.ERROR, "CSRF check failed");
            throw new ApiException(403, "Forbidden", "the form was not sent from this dashboard's own page (CSRF check failed); "
                    + "reload the page and try again");
        }
    }

    /** Renders a page for the session, or the error page when the request is refused or fails. */
    public Response render(String nav, Function<Session, TemplateInstance> page) {
        return respond(nav, s -> html(200, decorate(page.apply(s), s, nav)));
    }

    /** Runs a page or a form action for the session; a refused or failed one answers the error page. */
    public Response respond(String nav, Function<Session, Response> action) {
        Session s = session();
        try {
            return action.apply(s);
        } catch (ApiException e) {
            request.getCurrent().put(AccessLogFilter.ERROR, e.getMessage());
            return html(e.status(), decorate(error.data("status", e.status()).data("title", e.title())
                    .data("detail", e.getMessage()), s, nav));
        } catch (ForbiddenException e) {
            request.getCurrent().put(AccessLogFilter.ERROR, "forbidden");
            return html(403, decorate(error.data("status", 403).data("title", "Forbidden")
                    .data("detail", "your role may not do this"), s, nav));
        } catch (RuntimeException e) {
            LOG.errorf(e, "dashboard request %s failed", request.getCurrent().normalizedPath());
            request.getCurrent().put(AccessLogFilter.ERROR, String.valueOf(e.getMessage()));
            return html(500, decorate(error.data("status", 500).data("title", "Something went wrong")
                    .data("detail", "the request failed; the server log has the cause"), s, nav));
        }
    }

    /** A redirect after a successful form post (Post/Redirect/Get). */
    public static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    public static TemplateInstance decorate(TemplateInstance t, Session s, String nav) {
        String scope = s.caller().branches().map(b -> String.join(", ", new TreeSet<>(b))).orElse(null);
        return t.data("me", s.caller()).data("scope", scope).data("csrf", s.csrf()).data("nav", nav);
    }

    static Response html(int status, TemplateInstance t) {
        return Response.status(status).entity(t.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private static String back(RoutingContext ctx) {
        String path = ctx.request().path();
        String query = ctx.request().query();
        return "GET".equals(ctx.request().method().name()) ? path + (query == null ? "" : "?" + query) : "/ui/overview";
    }

    /** No (live) session: answered with a redirect to the sign-in page. */
    public static class SignInRequired extends RuntimeException {
        private final String next;

        SignInRequired(String next) {
            super("sign in first", null, false, false);
            this.next = next;
        }

        public String next() {
            return next;
        }
    }
}
