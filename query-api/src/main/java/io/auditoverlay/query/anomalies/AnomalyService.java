package io.auditoverlay.query.anomalies;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.auditoverlay.model.anomaly.Severity;
import io.auditoverlay.query.branches.BranchAccess;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;
import io.auditoverlay.query.web.Params;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;

/** Anomaly listing and triage, shared by REST and MCP. */
@ApplicationScoped
public class AnomalyService {

    private static final Logger LOG = Logger.getLogger(AnomalyService.class);

    public static final Set<String> STATUSES = Set.of("OPEN", "ACKNOWLEDGED", "DISMISSED");
    public static final Set<String> SEVERITIES = Set.of(Arrays.stream(Severity.values()).map(Enum::name).toArray(String[]::new));

    private final AnomalyRepository repository;

    public AnomalyService(AnomalyRepository repository) {
        this.repository = repository;
    }

    /** Checks and applies list filters (all strings as a client sends them). */
    public Page<AnomalyView> list(Caller caller, String status, String severity, String branch, String detector,
                                  String since, String from, String to, int limit, String cursor) {
        BranchAccess.requireVisible(caller, branch);
        Instant now = Instant.now();
        Instant start = since != null && !since.isBlank() ? Params.since("since", since, now) : Params.instant("from", from);
        AnomalyFilter filter = new AnomalyFilter(Params.listOf("status", status, STATUSES),
                Params.listOf("severity", severity, SEVERITIES), Params.text(branch), Params.text(detector), start, Params.instant("to", to));
        Params.range(filter.from(), filter.to());
        return repository.list(filter, caller, limit, Cursor.parse(cursor));
    }

    public AnomalyDetail get(Caller caller, String id) {
        UUID uuid = Params.uuid("id", id);
        AnomalyView anomaly = visible(caller, uuid);
        return new AnomalyDetail(anomaly, repository.history(uuid));
    }

    /** Acknowledges, dismisses or reopens an anomaly, recording actor and note. */
    public AnomalyDetail changeStatus(Caller caller, String id, StatusRequest request, Clock clock) {
        if (!caller.mayTriage()) {
            throw new ForbiddenException();
        }
        UUID uuid = Params.uuid("id", id);
        if (request == null || request.status() == null) {
            throw ApiException.badRequest("the body needs a status: ACKNOWLEDGED, DISMISSED or OPEN");
        }
        String target = Params.oneOf("status", request.status(), STATUSES);
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > 2000) {
            throw ApiException.badRequest("note is limited to 2000 characters");
        }
        if ("DISMISSED".equals(target) && note == null) {
            throw ApiException.badRequest("dismissing an anomaly needs a note saying why");
        }
        AnomalyView current = visible(caller, uuid);
        if (target.equals(current.status())) {
            throw ApiException.conflict("anomaly " + uuid + " is already " + target);
        }
        if (!repository.changeStatus(uuid, current.status(), target, caller.name(), note, clock.instant())) {
            throw ApiException.conflict("anomaly " + uuid + " changed status meanwhile; read it again");
        }
        LOG.infof("anomaly status changed: anomaly=%s from=%s to=%s actor=%s", uuid, current.status(), target, caller.name());
        return new AnomalyDetail(visible(caller, uuid), repository.history(uuid));
    }

    private AnomalyView visible(Caller caller, UUID id) {
        return repository.byId(id).filter(a -> caller.sees(a.branchId()))
                .orElseThrow(() -> ApiException.notFound("no anomaly " + id));
    }


    /** An anomaly with its recorded status changes. */
    public record AnomalyDetail(AnomalyView anomaly, List<StatusChange> statusHistory) {
    }
}
