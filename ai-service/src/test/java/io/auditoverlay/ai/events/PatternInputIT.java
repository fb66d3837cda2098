package io.auditoverlay.ai.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.support.Ev;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pattern phase reads a slice without {@code data.changed} unless a detector asks for it: the
 * changes no rule claims carry their commit time, and a catch-up piles them into one slice
 * (307,000 in one 6-hour slice of a 90-day catch-up ended ai-service with an OutOfMemoryError).
 */
@QuarkusTest
class PatternInputIT {

    @Inject
    BusinessEventRepository events;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSliceLeavesTheFallbackEventsOutUnlessAsked() throws Exception {
        Fixtures.create(dataSource);
        String branch = "pi" + UUID.randomUUID().toString().substring(0, 6);
        Instant at = Instant.parse("2032-05-04T10:00:00Z");
        Fixtures.insert(dataSource, List.of(
                Ev.of(BusinessEventTypes.SALE_COMPLETED).branch(branch).at(at).build(),
                Ev.of(BusinessEventTypes.DATA_CHANGED).branch(branch).at(at.plusSeconds(60)).build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).at(at.plusSeconds(120)).build()));

        List<String> without = types(events.patternInputBetween(at, at.plusSeconds(3600), false), branch);
        List<String> with = types(events.patternInputBetween(at, at.plusSeconds(3600), true), branch);

        assertEquals(List.of(BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.INVENTORY_ADJUSTED), without);
        assertEquals(List.of(BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.DATA_CHANGED,
                BusinessEventTypes.INVENTORY_ADJUSTED), with);
    }

    private static List<String> types(List<BusinessEvent> slice, String branch) {
        return slice.stream().filter(e -> branch.equals(e.branchId())).map(BusinessEvent::type).toList();
    }
}
