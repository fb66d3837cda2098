package io.auditoverlay.query.accesslog;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** One recorded access, as the API returns it. */
public record AccessLogView(long id, Instant at, String actor, String role, String channel, String method, String path,
                            String query, String tool, @JsonRawValue String arguments, int status, Integer rows, long bytes,
                            int durationMs, String client, String error) {

    static AccessLogView of(AccessLogEntry e) {
        return new AccessLogView(e.id, e.at, e.actor, e.role, e.channel, e.method, e.path, e.query, e.tool, e.arguments,
                e.status, e.rows, e.bytes, e.durationMs, e.client, e.error);
    }
}
