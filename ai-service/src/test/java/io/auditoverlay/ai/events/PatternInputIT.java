package io.auditoverlay.ai.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.events.BusinessEventRepository.PatternInput;
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
 * (307,000 in one 6-hour slice of a 90-day catch-up ended ai-service with an OutOfMemoryError);
 * and without the stock movements its sales explain (two thirds of the events).
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
        // Transaction ids of this run's own (event ids derive from them: rows of an earlier run stay).
        Fixtures.insert(dataSource, List.of(
                Ev.of(BusinessEventTypes.SALE_COMPLETED).branch(branch).tx("pos:" + branch + "-1").at(at).build(),
                Ev.of(BusinessEventTypes.DATA_CHANGED).branch(branch).tx("pos:" + branch + "-2").at(at.plusSeconds(60)).build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx("pos:" + branch + "-3").at(at.plusSeconds(120)).build()));

        List<String> without = types(events.patternInputBetween(at, at.plusSeconds(3600), new PatternInput(false, true)), branch);
        List<String> with = types(events.patternInputBetween(at, at.plusSeconds(3600), new PatternInput(true, true)), branch);

        assertEquals(List.of(BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.INVENTORY_ADJUSTED), without);
        assertEquals(List.of(BusinessEventTypes.SALE_COMPLETED, BusinessEventTypes.DATA_CHANGED,
                BusinessEventTypes.INVENTORY_ADJUSTED), with);
    }

    /**
     * A sale's own stock movement is left out unless asked; a "sale" movement with no sale in its
     * transaction, one marked without adjustment row, and one of another reason stay (the
     * stock-decrease-without-sale detector judges them).
     */
    @Test
    void aSliceLeavesTheMovementsItsSalesExplainOutUnlessAsked() throws Exception {
        Fixtures.create(dataSource);
        String branch = "pm" + UUID.randomUUID().toString().substring(0, 6);
        Instant at = Instant.parse("2032-05-05T10:00:00Z");
        String sold = "pos:" + branch + "-1";
        String unsold = "pos:" + branch + "-2";
        String dispensed = "pos:" + branch + "-4";
        Fixtures.insert(dataSource, List.of(
                // the sale is 50 minutes before the slice: found inside the hour of margin
                Ev.of(BusinessEventTypes.SALE_COMPLETED).branch(branch).tx(sold).at(at.minusSeconds(3000)).build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(sold).at(at.plusSeconds(1))
                        .attr("reason", "SALE").attr("delta", -1).attr("note", "explained").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(sold).at(at.plusSeconds(2))
                        .attr("reason", "sale").attr("delta", -1).attr("withoutAdjustmentRow", true).attr("note", "no row").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(sold).at(at.plusSeconds(3))
                        .attr("reason", "THEFT").attr("delta", -1).attr("note", "theft").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(unsold).at(at.plusSeconds(4))
                        .attr("reason", "SALE").attr("delta", -1).attr("note", "no sale").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx("pos:" + branch + "-3").at(at.plusSeconds(5))
                        .attr("reason", "SALE").attr("delta", -1).attr("note", "alone").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(unsold).at(at.plusSeconds(6))
                        .attr("delta", -1).attr("note", "no reason").build(),
                // a prescription handed over explains its stock movement as a sale does
                Ev.of(BusinessEventTypes.PRESCRIPTION_DISPENSED).branch(branch).tx(dispensed).at(at.plusSeconds(7))
                        .attr("note", "dispensing").build(),
                Ev.of(BusinessEventTypes.INVENTORY_ADJUSTED).branch(branch).tx(dispensed).at(at.plusSeconds(8))
                        .attr("reason", "SALE").attr("delta", -1).attr("note", "dispensed").build()));

        List<String> lean = notes(events.patternInputBetween(at, at.plusSeconds(3600), new PatternInput(false, false)), branch);
        List<String> all = notes(events.patternInputBetween(at, at.plusSeconds(3600), new PatternInput(false, true)), branch);

        assertEquals(List.of("no row", "theft", "no sale", "alone", "no reason", "dispensing"), lean);
        assertEquals(List.of("explained", "no row", "theft", "no sale", "alone", "no reason", "dispensing", "dispensed"), all);
    }

    private static List<String> notes(List<BusinessEvent> slice, String branch) {
        return slice.stream().filter(e -> branch.equals(e.branchId())).map(e -> String.valueOf(e.attributes().get("note"))).toList();
    }

    private static List<String> types(List<BusinessEvent> slice, String branch) {
        return slice.stream().filter(e -> branch.equals(e.branchId())).map(BusinessEvent::type).toList();
    }
}
