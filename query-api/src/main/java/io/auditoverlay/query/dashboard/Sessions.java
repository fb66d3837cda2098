package io.auditoverlay.query.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.auditoverlay.query.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Dashboard sessions, held in memory: a sign-in exchanges a bearer token for a random session id
 * (the cookie) bound to the token's caller and to a CSRF token. The bearer token itself is never
 * kept. A restart signs everyone out; one instance serves a session (see docs/dashboard.md).
 */
@ApplicationScoped
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in browser. */
    public record Session(String id, Caller caller, String csrf, Instant started, Instant lastSeen) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final DashboardConfig config;
    private final Clock clock = Clock.systemUTC();

    public Sessions(DashboardConfig config) {
        this.config = config;
    }

    public Session open(Caller caller) {
        Instant now = clock.instant();
        byId.values().removeIf(old -> expired(old, now));
        Session s = new Session(random(), caller, random(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session of a cookie value, touched; expired sessions are forgotten. */
    public Optional<Session> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.caller(), s.csrf(), s.started(), now);
        byId.put(id, touched);
        return Optional.of(touched);
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen().plus(config.idleTimeout())) || now.isAfter(s.started().plus(config.maxAge()));
    }

    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Compares a submitted CSRF token with the session's in constant time. */
    public static boolean csrfMatches(Session s, String submitted) {
        return submitted != null && MessageDigest.isEqual(s.csrf().getBytes(), submitted.getBytes());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
