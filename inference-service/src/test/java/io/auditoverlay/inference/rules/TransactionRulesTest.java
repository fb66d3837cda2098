package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.Pos.datetime;
import static io.auditoverlay.inference.testing.TxBuilder.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.id.EventIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the shipped rules make of a whole transaction: the data.changed fallback, distinct ids, partial
 * transactions.
 */
class TransactionRulesTest extends ShippedRules {

    @Test
    void unmatchedTransactionBecomesDataChanged() {
        TxBuilder tx = new TxBuilder("0-1-119", AT)
                .insert("customers", row("id", 12L, "full_name", "[REDACTED]", "phone", "[REDACTED]", "created_at", datetime(AT)))
                .update("branches", row("id", 1, "name", "Downtown"), row("id", 1, "name", "Downtown East"));
        List<BusinessEvent> events = infer(tx);
        assertEquals(1, events.size());
        BusinessEvent changed = events.get(0);
        assertEquals(BusinessEventTypes.DATA_CHANGED, changed.type());
        assertEquals("transaction", changed.subjectType());
        assertEquals("pos:0-1-119", changed.subjectId());
        assertEquals(Map.of("customers", 1L, "branches", 1L), changed.attributes().get("tables"));
        assertEquals(2, changed.attributes().get("changeCount"));
        assertFalse(changed.attributes().toString().contains("REDACTED"), "no column values in data.changed");
        assertEquals(EventIds.businessEventId("pos:0-1-119", "data-changed", "unclaimed"), changed.id());
    }

    @Test
    void sameSubjectTwiceInOneTransactionGetsDistinctIds() {
        TxBuilder tx = new TxBuilder("0-1-120", AT);
        for (long id : new long[] {1, 2}) {
            tx.insert("inventory_adjustments", row("id", id, "branch_id", 1, "product_id", 3L, "user_id", 2L, "delta", -1,
                    "reason", "DAMAGE", "note", null, "created_at", datetime(AT)));
        }
        List<BusinessEvent> events = infer(tx);
        assertEquals(2, events.size());
        assertEquals(EventIds.businessEventId("pos:0-1-120", "inventory-adjusted", "product:3"), events.get(0).id());
        assertEquals(EventIds.businessEventId("pos:0-1-120", "inventory-adjusted", "product:3#2"), events.get(1).id());
    }

    @Test
    void eachFragmentOfATransactionClosedEarlyHasItsOwnDataChanged() {
        TxBuilder tx = new TxBuilder("0-1-122", AT);
        for (long id = 1; id <= 6; id++) {
            tx.insert("customers", row("id", id, "full_name", "[REDACTED]", "phone", "[REDACTED]", "created_at", datetime(AT)));
        }
        var first = new AssembledTransaction<>(tx.transactionId(), "pos", tx.changes().subList(0, 4), null,
                Completion.TIMED_OUT_WITHOUT_END, List.of());
        var later = new AssembledTransaction<>(tx.transactionId(), "pos", tx.changes().subList(4, 6), null,
                Completion.TIMED_OUT_MISSING_CHANGES, List.of());
        BusinessEvent a = engine.infer(first, TrailLookup.EMPTY).events().get(0).event();
        BusinessEvent b = engine.infer(later, TrailLookup.EMPTY).events().get(0).event();
        assertFalse(a.id().equals(b.id()), "the later fragment's changes are not dropped as the first one's event");
        assertEquals(tx.changes().subList(4, 6).stream().map(c -> c.eventId()).toList(), b.sourceEventIds());
        assertEquals(b.id(), engine.infer(later, TrailLookup.EMPTY).events().get(0).event().id(), "the same fragment again: the same id");
    }

    @Test
    void partialTransactionMarksItsEvents() {
        TxBuilder tx = Pos.roleChange("0-1-121", AT, 5, 2, 1, 3);
        var partial = new AssembledTransaction<>(tx.transactionId(), "pos", tx.changes(), null,
                Completion.TIMED_OUT_WITHOUT_END, List.of());
        InferenceResult result = engine.infer(partial, TrailLookup.EMPTY);
        assertTrue(result.events().get(0).partial());
    }
}
