package io.auditoverlay.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.id.EventIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final SourcePosition POS = new SourcePosition(1L, "mb.000001", 2620L, 0, "0-1-9", false);

    @Test
    void sameBinlogRowGivesSameIdAcrossCalls() {
        UUID a = EventIds.changeEventId("pos", "pharmacy", "sales", POS, Map.of("id", 1));
        UUID b = EventIds.changeEventId("pos", "pharmacy", "sales",
                new SourcePosition(1L, "mb.000001", 2620L, 0, "0-1-9", false), Map.of("id", 1));
        assertEquals(a, b);
        assertEquals(5, a.version(), "UUID v5");
    }

    @Test
    void idIsPinnedSoThatItNeverChangesBetweenReleases() {
        // Stored rows carry these ids: changing the name layout would break idempotence on replay.
        // The values are RFC 4122 v5 as Python's uuid.uuid5 computes them over the same names.
        assertEquals(UUID.fromString("7d7f7543-c59c-5b81-be9e-c23666683661"),
                EventIds.changeEventId("pos", "pharmacy", "sales", POS, null));
        assertEquals(UUID.fromString("e0bc2e05-4b18-5fb8-b13b-d687db4cca54"),
                EventIds.businessEventId("pos:0-1-9", "sale-completed", "sale:1"));
        assertEquals(EventIds.changeEventId("pos", "pharmacy", "sales", POS, null),
                EventIds.changeEventId("pos", "pharmacy", "sales", POS, Map.of("id", 99)),
                "a binlog row's id does not depend on its key");
    }

    @Test
    void differentRowIndexOrTableGivesDifferentId() {
        UUID a = EventIds.changeEventId("pos", "pharmacy", "sales", POS, null);
        assertNotEquals(a, EventIds.changeEventId("pos", "pharmacy", "sales",
                new SourcePosition(1L, "mb.000001", 2620L, 1, "0-1-9", false), null));
        assertNotEquals(a, EventIds.changeEventId("pos", "pharmacy", "sale_items", POS, null));
        assertNotEquals(a, EventIds.changeEventId("other", "pharmacy", "sales", POS, null));
    }

    @Test
    void snapshotRowsAreTellApartByKeyInAnyKeyOrder() {
        SourcePosition snap = new SourcePosition(1L, "mb.000001", 300L, 0, null, true);
        Map<String, Object> k1 = new LinkedHashMap<>();
        k1.put("branch_id", 1);
        k1.put("product_id", 2);
        Map<String, Object> k2 = new LinkedHashMap<>();
        k2.put("product_id", 2);
        k2.put("branch_id", 1);
        assertEquals(EventIds.changeEventId("pos", "pharmacy", "inventory", snap, k1),
                EventIds.changeEventId("pos", "pharmacy", "inventory", snap, k2));
        assertNotEquals(EventIds.changeEventId("pos", "pharmacy", "inventory", snap, k1),
                EventIds.changeEventId("pos", "pharmacy", "inventory", snap, Map.of("branch_id", 1, "product_id", 3)));
    }

    @Test
    void businessIdsDependOnTransactionRuleAndSubject() {
        UUID a = EventIds.businessEventId("0-1-9", "sale.completed", "sale:1");
        assertEquals(a, EventIds.businessEventId("0-1-9", "sale.completed", "sale:1"));
        assertNotEquals(a, EventIds.businessEventId("0-1-10", "sale.completed", "sale:1"));
        assertNotEquals(a, EventIds.businessEventId("0-1-9", "inventory.adjusted", "sale:1"));
    }
}
