package io.auditoverlay.ingest.rest;

import io.auditoverlay.ingest.config.IngestConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body declared larger than {@code audit.ingest.max-body-bytes} with problem details before a
 * byte of it is read. A chunked body without Content-Length is cut off by
 * {@code quarkus.http.limits.max-body-size} instead (plain 413).
 */
@ApplicationScoped
public class BodySizeFilter {

    private final IngestConfig config;
    private final IngestMetrics metrics;

    public BodySizeFilter(IngestConfig config, IngestMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, 100);
    }

    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && rc.request().path().startsWith("/ingest")) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > config.maxBodyBytes()) {
                metrics.rejected("too-large");
                JsonObject problem = new JsonObject()
                        .put("type", ProblemMapper.TYPE_BASE + "too-large")
                        .put("title", "Request too large")
                        .put("status", 413)
                        .put("detail", "The body has " + declared + " bytes; the limit is " + config.maxBodyBytes() + ".")
                        .put("instance", rc.request().path());
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem.encode());
                return;
            }
        }
        rc.next();
    }
}
