package io.auditoverlay.ai.events;

import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** A {@link History} over events held in memory, indexed once. */
public final class MemoryHistory implements History {

    private final List<BusinessEvent> events;
    private final Map<String, List<BusinessEvent>> byTransaction;
    private final Set<String> completedSales = new HashSet<>();

    public MemoryHistory(Collection<BusinessEvent> events) {
        Map<Object, BusinessEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.id() != null ? e.id() : e, e));
        this.events = unique.values().stream()
                .filter(e -> e.occurredAt() != null)
                .sorted(Comparator.comparing(BusinessEvent::occurredAt))
                .toList();
        this.byTransaction = this.events.stream().filter(e -> e.transactionId() != null)
                .collect(Collectors.groupingBy(BusinessEvent::transactionId));
        this.events.stream().filter(e -> BusinessEventTypes.SALE_COMPLETED.equals(e.type()))
                .forEach(e -> completedSales.add(e.branchId() + "|" + e.subjectId()));
    }

    public List<BusinessEvent> events() {
        return events;
    }

    @Override
    public List<BusinessEvent> inTransaction(String transactionId) {
        return transactionId == null ? List.of() : byTransaction.getOrDefault(transactionId, List.of());
    }

    @Override
    public boolean saleCompleted(String branchId, String saleId) {
        return completedSales.contains(branchId + "|" + saleId);
    }

    @Override
    public List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to) {
        return between(from, to).stream()
                .filter(e -> BusinessEventTypes.USER_ROLE_CHANGED.equals(e.type()))
                .filter(e -> Objects.equals(userId, e.subjectId()))
                .toList();
    }

    @Override
    public List<BusinessEvent> salesIn(String branchId, Instant from, Instant to) {
        return between(from, to).stream()
                .filter(e -> BusinessEventTypes.SALE_COMPLETED.equals(e.type()))
                .filter(e -> Objects.equals(branchId, e.branchId()))
                .toList();
    }

    /** Events with occurredAt in [from, to], by binary search on the sorted list. */
    public List<BusinessEvent> between(Instant from, Instant to) {
        int lo = firstAtOrAfter(from);
        int hi = lo;
        while (hi < events.size() && !events.get(hi).occurredAt().isAfter(to)) {
            hi++;
        }
        return events.subList(lo, hi);
    }

    private int firstAtOrAfter(Instant at) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).occurredAt().isBefore(at)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
