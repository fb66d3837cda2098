package io.auditoverlay.ingest.rest;

import io.auditoverlay.ingest.config.IngestConfig;
import io.auditoverlay.ingest.messaging.KafkaUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders refusals as RFC 9457 problem details ({@code application/problem+json}). */
public class ProblemMapper {

    /** Media type of problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The refusal when Kafka does not acknowledge in time. */
    static final String KAFKA_UNAVAILABLE = "kafka-unavailable";
    /** Base of the {@code type} URIs; each problem appends its slug. */
    public static final String TYPE_BASE = "https://audit-overlay.dev/problems/ingest/";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final IngestMetrics metrics;
    private final IngestConfig config;

    public ProblemMapper(IngestMetrics metrics, IngestConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    @ServerExceptionMapper
    public Response refused(IngestProblem problem, UriInfo uri) {
        metrics.rejected(problem.slug());
        // the detail may quote the body (a parser message), which may hold personal data: not logged
        LOG.infof("refused status=%d problem=%s faults=%d", problem.status(), problem.slug(), problem.errors().size());
        return problem(problem.status(), problem.slug(), problem.title(), problem.getMessage(), problem.errors(), uri)
                .build();
    }

    @ServerExceptionMapper
    public Response kafkaDown(KafkaUnavailableException e, UriInfo uri) {
        metrics.rejected(KAFKA_UNAVAILABLE);
        LOG.warnf("kafka unavailable, answering 503: %s", e.getMessage());
        return problem(503, KAFKA_UNAVAILABLE, "Kafka unavailable",
                "The events were not stored; send them again. " + e.getMessage(), List.of(), uri)
                .header(HttpHeaders.RETRY_AFTER, config.retryAfterSeconds())
                .build();
    }

    static Response.ResponseBuilder problem(int status, String slug, String title, String detail,
            List<String> errors, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (uri != null) {
            body.put("instance", uri.getPath());
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body);
    }
}
