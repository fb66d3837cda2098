package io.auditoverlay.query.accesslog;

import java.time.Instant;

import io.auditoverlay.query.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Records every request to the REST API and the dashboard when its response has been sent:
 * status, bytes written (a streamed export counts all of them), duration, client address, and the
 * caller the request authenticated as. It runs before every other route and adds only an end
 * handler, so the request itself waits for nothing.
 */
@ApplicationScoped
public class AccessLogFilter {

    /** Routing-context key of the caller a request was served to (set by the dashboard, which has its own sessions). */
    public static final String CALLER = "audit.access.caller";
    /** Routing-context key of the number of rows (items) a response carried. */
    public static final String ROWS = "audit.access.rows";
    /** Routing-context key of an error message worth recording. */
    public static final String ERROR = "audit.access.error";

    private final AccessLog log;

    public AccessLogFilter(AccessLog log) {
        this.log = log;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String channel = Channel.of(ctx.normalizedPath());
        if (channel != null) {
            long started = System.nanoTime();
            Instant at = Instant.now();
            ctx.addEndHandler(done -> record(ctx, channel, at, started, done.succeeded()));
        }
        ctx.next();
    }

    private void record(RoutingContext ctx, String channel, Instant at, long started, boolean completed) {
        AccessLogEntry e = new AccessLogEntry();
        e.at = at;
        e.channel = channel;
        Caller caller = caller(ctx);
        e.actor = caller == null ? "anonymous" : caller.name();
        e.role = caller == null ? "none" : caller.role();
        e.method = ctx.request().method().name();
        e.path = clip(ctx.normalizedPath(), 2000);
        e.query = clip(ctx.request().query(), 2000);
        e.status = ctx.response().getStatusCode();
        e.bytes = ctx.response().bytesWritten();
        e.rows = rows(ctx);
        e.durationMs = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        e.client = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        String error = ctx.get(ERROR);
        e.error = !completed ? "the connection closed before the response was complete" : clip(error, 2000);
        log.record(e);
    }

    private static Caller caller(RoutingContext ctx) {
        Caller ui = ctx.get(CALLER);
        if (ui != null) {
            return ui;
        }
        if (ctx.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (identity != null && !identity.isAnonymous()) {
                return identity.getAttribute(Caller.BRANCHES_ATTRIBUTE);
            }
        }
        return null;
    }

    private static Integer rows(RoutingContext ctx) {
        Object rows = ctx.get(ROWS);
        if (rows instanceof Integer n) {
            return n;
        }
        String header = ctx.response().headers().get("X-Audit-Row-Count");
        if (header != null) {
            try {
                return Integer.valueOf(header);
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
