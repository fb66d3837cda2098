package io.auditoverlay.query.accesslog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.security.Roles;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.Params;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reads the access log, newest first (auditors only: it names every caller and what they asked). */
@ApplicationScoped
public class AccessLogService {

    /** Filters as a client sends them; null means any. */
    public record Filter(String actor, String channel, String status, String from, String to) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AccessLogView> list(Caller caller, Filter filter, int limit, String cursor) {
        if (!Roles.AUDITOR.equals(caller.role())) {
            throw new ForbiddenException();
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            where.add("actor = :actor");
            params.put("actor", filter.actor().strip());
        }
        if (filter.channel() != null && !filter.channel().isBlank()) {
            where.add("channel = :channel");
            params.put("channel", Params.oneOf("channel", filter.channel().strip().toUpperCase(Locale.ROOT), Channel.ALL));
        }
        if (filter.status() != null && !filter.status().isBlank()) {
            where.add("status = :status");
            params.put("status", status(filter.status()));
        }
        Instant from = Params.instant("from", filter.from());
        Instant to = Params.instant("to", filter.to());
        Params.range(from, to);
        if (from != null) {
            where.add("at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            params.put("to", to);
        }
        if (cursor != null && !cursor.isBlank()) {
            where.add("id < :cursor");
            params.put("cursor", cursorId(cursor));
        }
        String query = String.join(" AND ", where);
        List<AccessLogEntry> rows = AccessLogEntry.<AccessLogEntry>find(query, Sort.descending("id"), params)
                .range(0, limit).list();
        String next = rows.size() > limit ? String.valueOf(rows.get(limit - 1).id) : null;
        return new Page<>(rows.stream().limit(limit).map(AccessLogView::of).toList(), limit, next);
    }

    private static int status(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("status must be an HTTP status code such as 200 or 403");
        }
    }

    private static long cursorId(String cursor) {
        try {
            return Long.parseLong(cursor.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("cursor is malformed: pass the nextCursor of a previous page unchanged");
        }
    }
}
