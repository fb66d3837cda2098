package io.auditoverlay.ingest.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ingest.auth.Branch;
import io.auditoverlay.ingest.auth.BranchGuard;
import io.auditoverlay.ingest.auth.TokenAuthenticator;
import io.auditoverlay.ingest.config.IngestConfig;
import io.auditoverlay.ingest.messaging.RawRecordPublisher;
import io.auditoverlay.ingest.parse.BodyReader;
import io.auditoverlay.ingest.parse.ClassifiedEvent;
import io.auditoverlay.ingest.parse.DebeziumHeaders;
import io.auditoverlay.ingest.parse.EventClassifier;
import io.auditoverlay.ingest.parse.RawEvent;
import io.auditoverlay.ingest.routing.OutgoingRecord;
import io.auditoverlay.ingest.routing.TopicRouter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code POST /ingest}: what Debezium Server's http sink sends (one event per request), or a batch
 * (JSON array or NDJSON), onto the raw topics the Kafka sink would have written.
 */
@Path("/ingest")
public class IngestResource {

    private static final Logger LOG = Logger.getLogger(IngestResource.class);
    private static final String BEARER = "Bearer ";

    private final TokenAuthenticator authenticator;
    private final RawRecordPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final BodyReader reader;
    private final EventClassifier classifier = new EventClassifier();
    private final TopicRouter router;
    private final BranchGuard guard;

    public IngestResource(TokenAuthenticator authenticator, RawRecordPublisher publisher, IngestMetrics metrics,
            IngestConfig config, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.mapper = mapper;
        this.reader = new BodyReader(config.maxBatchEvents());
        this.router = new TopicRouter(config.tombstonesAfterDelete());
        this.guard = new BranchGuard(config.branchColumn(), config.branchColumnByTable());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put Debezium change events on their raw topics",
            description = "Body: one Debezium JSON event (the http sink's form, key in X-DEBEZIUM-AUDIT.KEY), "
                    + "a JSON array or NDJSON of events or {\"key\":…,\"value\":…} records. Answers 200 once Kafka "
                    + "acknowledged every record; a refused request writes nothing.")
    @APIResponse(responseCode = "200", description = "All records acknowledged by Kafka")
    @APIResponse(responseCode = "400", description = "Malformed JSON, a missing/mistyped envelope part, or a row naming "
            + "another branch than the token's (audit.ingest.branches.<name>.branch-id)")
    @APIResponse(responseCode = "401", description = "No or unknown branch token")
    @APIResponse(responseCode = "403", description = "An event outside the branch's topic prefix")
    @APIResponse(responseCode = "413", description = "Body or batch over the limit")
    @APIResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds")
    public Uni<IngestResult> ingest(byte[] body, HttpHeaders http) {
        DebeziumHeaders debezium = new DebeziumHeaders(mapper, config.debeziumHeaderPrefix(),
                http::getHeaderString);
        Branch branch = authenticate(http, debezium);
        if (body != null && body.length > config.maxBodyBytes()) {
            throw IngestProblem.tooLarge("The body has " + body.length + " bytes; the limit is "
                    + config.maxBodyBytes() + ".");
        }
        BodyReader.Body parsed = reader.read(body);
        List<RawEvent> events = parsed.events();
        Map<String, byte[]> headers = Map.of();
        if (parsed.single()) {
            RawEvent only = events.get(0);
            events = List.of(debezium.text(config.keyHeader())
                    .map(key -> only.withKey("null".equals(key) ? null : key.getBytes(StandardCharsets.UTF_8)))
                    .orElse(only));
            headers = debezium.context(http.getRequestHeaders().keySet());
        }
        List<ClassifiedEvent> classified = classifier.classify(events);
        List<String> spoofed = guard.contradictions(classified, branch);
        if (!spoofed.isEmpty()) {
            throw IngestProblem.branchMismatch("Rows name another branch than the token's; nothing was written.", spoofed);
        }
        List<OutgoingRecord> records = router.route(classified, branch, headers);
        long started = System.nanoTime();
        return publisher.publish(records)
                .invoke(() -> {
                    metrics.accepted(branch, classified, records.size(), System.nanoTime() - started);
                    LOG.debugf("branch=%s events=%d records=%d", branch.name(), classified.size(), records.size());
                })
                .replaceWith(new IngestResult(classified.size(), records.size()));
    }

    private Branch authenticate(HttpHeaders http, DebeziumHeaders debezium) {
        String authorization = http.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim()
                : debezium.text(config.tokenHeader()).orElse(null);
        if (token == null || token.isEmpty()) {
            throw IngestProblem.unauthorized("Send the branch token as 'Authorization: Bearer <token>' or, from "
                    + "Debezium's http sink, as record header '" + config.tokenHeader() + "' (see docs/ingest.md).");
        }
        return authenticator.authenticate(token)
                .orElseThrow(() -> IngestProblem.unauthorized("The token belongs to no configured branch."));
    }

    /** What was written: events received and records produced (deletes add a tombstone). */
    public record IngestResult(int events, int records) {
    }
}
