package io.auditoverlay.query.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.changes.ChangeRepository;
import io.auditoverlay.query.changes.ChangeView;
import io.auditoverlay.query.changes.PrimaryKeys;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.transactions.SourceTransactionRepository;
import io.auditoverlay.query.transactions.SourceTransactionRepository.SourceTransaction;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds traces: from business events down to the row changes and their binlog positions. */
@ApplicationScoped
public class TraceService {

    private final BusinessEventRepository events;
    private final ChangeRepository changes;
    private final SourceTransactionRepository transactions;
    private final SubjectTables subjectTables;
    private final QueryConfig config;

    public TraceService(BusinessEventRepository events, ChangeRepository changes, SourceTransactionRepository transactions,
                        SubjectTables subjectTables, QueryConfig config) {
        this.events = events;
        this.changes = changes;
        this.transactions = transactions;
        this.subjectTables = subjectTables;
        this.config = config;
    }

    public TraceView trace(String ref, Caller caller) {
        return trace(parse(ref), caller);
    }

    public TraceRef parse(String ref) {
        return TraceRef.parse(ref, subjectTables.subjectTypes());
    }

    public TraceView trace(TraceRef ref, Caller caller) {
        return trace(ref, caller, config.traceMaxEvents(), config.traceMaxChanges());
    }

    /** A trace with explicit bounds (the MCP tools ask for less than a person's browser does). */
    public TraceView trace(TraceRef ref, Caller caller, int maxEvents, int maxChanges) {
        Limits limits = new Limits(maxEvents, maxChanges);
        TraceView view = switch (ref.kind()) {
            case TRANSACTION -> transaction(ref, ref.value(), caller, limits);
            case EVENT -> event(ref, UUID.fromString(ref.value()), caller, limits);
            case SUBJECT -> subject(ref, caller, limits);
        };
        if (view.businessEvents().isEmpty() && view.otherChanges().isEmpty()) {
            throw ApiException.notFound("nothing in the trail for " + Params.clip(describe(ref)));
        }
        return view;
    }

    private record Limits(int events, int changes) {
    }

    private TraceView transaction(TraceRef ref, String transactionId, Caller caller, Limits limits) {
        int maxChanges = limits.changes();
        List<ChangeView> stored = changes.byTransaction(transactionId, maxChanges + 1);
        List<ChangeView> rows = visible(stored, caller);
        List<BusinessEventView> found = events.byTransaction(transactionId, limits.events() + 1).stream()
                .filter(e -> caller.sees(e.branchId())).toList();
        boolean truncated = rows.size() > maxChanges || found.size() > limits.events();
        // Every stored row change was read unless the list was cut: then its size is the count.
        Long counted = stored.size() > maxChanges ? null : (long) stored.size();
        Optional<SourceTransaction> end = rows.isEmpty() && found.isEmpty() ? Optional.empty()
                : transactions.find(transactionId, counted);
        return assemble(ref, end.orElse(null), cap(found, limits.events()), cap(rows, maxChanges), truncated);
    }

    private TraceView event(TraceRef ref, UUID id, Caller caller, Limits limits) {
        Optional<BusinessEventView> business = events.byId(id).filter(e -> caller.sees(e.branchId()));
        if (business.isPresent()) {
            BusinessEventView e = business.get();
            if (e.transactionId() != null) {
                return transaction(ref, e.transactionId(), caller, limits);
            }
            return assemble(ref, null, List.of(e), visible(changes.byIdsNear(near(List.of(e), Integer.MAX_VALUE)), caller), false);
        }
        Optional<ChangeView> change = visible(changes.byIds(List.of(id)), caller).stream().findFirst();
        if (change.isPresent() && change.get().transactionId() != null) {
            return transaction(ref, change.get().transactionId(), caller, limits);
        }
        return assemble(ref, null, List.of(), change.map(List::of).orElse(List.of()), false);
    }

    private TraceView subject(TraceRef ref, Caller caller, Limits limits) {
        if (ref.branch() != null && !caller.sees(ref.branch())) {
            throw ApiException.notFound("nothing in the trail for " + Params.clip(describe(ref)));
        }
        int maxEvents = limits.events();
        int maxChanges = limits.changes();
        List<BusinessEventView> found = events.bySubject(ref.subjectType(), ref.value(), ref.branch(), caller, maxEvents + 1);
        boolean truncated = found.size() > maxEvents;
        found = cap(found, maxEvents);
        List<ChangeView> rows = new ArrayList<>(visible(changes.byIdsNear(near(found, maxChanges)), caller));
        for (String[] row : subjectRows(ref)) {
            rows.addAll(changes.byRow(row[0], row[1], caller, maxChanges));
        }
        truncated |= rows.size() > maxChanges;
        return assemble(ref, null, found, cap(rows, maxChanges), truncated);
    }

    /**
     * The first {@code max} row changes the events cite, each with where its commit time lies: at or
     * before the event was stored, and near its business time (equal to the commit time but for a
     * late entry; far from the storing time only while the pipeline catches up).
     */
    private static Map<UUID, ChangeRepository.Span> near(List<BusinessEventView> found, int max) {
        Map<UUID, ChangeRepository.Span> near = new LinkedHashMap<>();
        for (BusinessEventView e : found) {
            Instant stored = e.storedAt() == null ? e.occurredAt() : e.storedAt();
            ChangeRepository.Span span = e.occurredAt().isBefore(stored)
                    ? new ChangeRepository.Span(e.occurredAt(), stored) : new ChangeRepository.Span(stored, e.occurredAt());
            for (UUID id : e.sourceEventIds()) {
                if (!near.containsKey(id)) {
                    if (near.size() >= max) {
                        return near;
                    }
                    near.put(id, span);
                }
            }
        }
        return near;
    }

    /** The subject's own rows: its table's row, and for a product at a branch its inventory row. */
    private List<String[]> subjectRows(TraceRef ref) {
        List<String[]> rows = new ArrayList<>();
        subjectTables.table(ref.subjectType()).ifPresent(t -> rows.add(new String[] {t, PrimaryKeys.single("id", ref.value())}));
        if ("product".equals(ref.subjectType()) && ref.branch() != null) {
            rows.add(new String[] {"inventory", PrimaryKeys.parse("key", "branch_id=" + ref.branch() + ",product_id=" + ref.value())});
        }
        return rows;
    }

    /** Hangs each change under the events that cite it; what no event cites stays on its own. */
    private static TraceView assemble(TraceRef ref, SourceTransaction end, List<BusinessEventView> found, List<ChangeView> rows,
                                      boolean truncated) {
        Map<UUID, ChangeView> byId = new LinkedHashMap<>();
        rows.forEach(c -> byId.putIfAbsent(c.eventId(), c));
        Set<UUID> cited = new HashSet<>();
        List<TraceView.TracedEvent> traced = new ArrayList<>();
        for (BusinessEventView e : found) {
            List<ChangeView> own = e.sourceEventIds().stream().map(byId::get).filter(Objects::nonNull)
                    .sorted(ORDER).toList();
            own.forEach(c -> cited.add(c.eventId()));
            traced.add(new TraceView.TracedEvent(e, own));
        }
        List<ChangeView> other = byId.values().stream().filter(c -> !cited.contains(c.eventId())).sorted(ORDER).toList();
        return new TraceView(ref, end, traced, other, truncated);
    }

    private static final Comparator<ChangeView> ORDER = Comparator.comparing(ChangeView::committedAt)
            .thenComparing(c -> c.transactionOrder() == null ? Long.MAX_VALUE : c.transactionOrder());

    private static List<ChangeView> visible(List<ChangeView> rows, Caller caller) {
        return rows.stream().filter(c -> caller.sees(c.branchId())).toList();
    }

    private static <T> List<T> cap(List<T> list, int max) {
        return list.size() > max ? list.subList(0, max) : list;
    }

    private static String describe(TraceRef ref) {
        return switch (ref.kind()) {
            case SUBJECT -> ref.subjectType() + ":" + ref.value() + (ref.branch() == null ? "" : "@" + ref.branch());
            default -> ref.value();
        };
    }
}
