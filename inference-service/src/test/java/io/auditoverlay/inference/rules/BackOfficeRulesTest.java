package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.Pos.datetime;
import static io.auditoverlay.inference.testing.Pos.money;
import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.auditoverlay.inference.testing.TxBuilder.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per shipped back-office rule: stock adjustments and receipts, prices, users and roles,
 * prescriptions.
 */
class BackOfficeRulesTest extends ShippedRules {

    @Test
    void manualAdjustment() {
        TxBuilder tx = Pos.adjustment("0-1-107", AT, 9001, 2, 3, 3, -4, "THEFT", 20);
        List<BusinessEvent> events = infer(tx);
        assertEquals(1, events.size());
        BusinessEvent adjusted = events.get(0);
        assertEquals(BusinessEventTypes.INVENTORY_ADJUSTED, adjusted.type());
        assertEquals("THEFT", adjusted.attributes().get("reason"));
        assertEquals(-4, adjusted.attributes().get("delta"));
        assertEquals(20, adjusted.attributes().get("quantityBefore"));
        assertEquals(16, adjusted.attributes().get("quantityAfter"));
        assertEquals("2", adjusted.branchId());
        assertEquals("3", adjusted.actorUserId());
    }

    @Test
    void stockChangeWithoutAdjustmentRowIsFlagged() {
        TxBuilder tx = new TxBuilder("0-1-108", AT);
        tx.update("inventory", Pos.stock(1, 3, 30, "SALE", 1L, AT.minusSeconds(60)), Pos.stock(1, 3, 25, "SALE", 2L, AT));
        BusinessEvent adjusted = infer(tx).get(0);
        assertEquals(BusinessEventTypes.INVENTORY_ADJUSTED, adjusted.type());
        assertEquals(-5, adjusted.attributes().get("delta"));
        assertEquals(true, adjusted.attributes().get("withoutAdjustmentRow"));
        assertEquals("2", adjusted.actorUserId());
    }

    @Test
    void receiptIsOneDeliveryPerBranchAndAnAdjustmentPerProduct() {
        TxBuilder tx = new TxBuilder("0-1-109", AT);
        long id = 700;
        for (long product : new long[] {1, 3}) {
            tx.update("inventory", Pos.stock(3, product, 5, "SALE", 1L, AT.minusSeconds(60)),
                    Pos.stock(3, product, 55, "RECEIPT", 4L, AT));
            tx.insert("inventory_adjustments", row("id", id++, "branch_id", 3, "product_id", product, "user_id", 4L,
                    "delta", 50, "reason", "RECEIPT", "note", "PO-77", "created_at", datetime(AT)));
        }
        List<BusinessEvent> events = infer(tx);
        List<BusinessEvent> received = ofType(events, BusinessEventTypes.INVENTORY_RECEIVED);
        assertEquals(1, received.size());
        assertEquals("branch", received.get(0).subjectType());
        assertEquals("3", received.get(0).subjectId());
        assertEquals(2, received.get(0).attributes().get("lineCount"));
        assertEquals(100L, received.get(0).attributes().get("units"));
        assertEquals(2, ofType(events, BusinessEventTypes.INVENTORY_ADJUSTED).size());
        assertEquals(3, events.size());
    }

    @Test
    void priceChangeCarriesOldAndNewPrice() {
        BusinessEvent changed = infer(Pos.priceChange("0-1-110", AT, 3, "42.00", "39.50")).get(0);
        assertEquals(BusinessEventTypes.PRODUCT_PRICE_CHANGED, changed.type());
        assertEquals(money("42.00"), changed.attributes().get("oldPrice"));
        assertEquals(money("39.50"), changed.attributes().get("newPrice"));
        assertEquals(money("-2.50"), changed.attributes().get("change"));
        assertEquals(false, changed.attributes().get("belowCost"));
        assertEquals("product", changed.subjectType());
        assertEquals("3", changed.subjectId());
        assertEquals("1", changed.branchId(), "products carry no branch: the source's branch");
    }

    @Test
    void roleChangeNamesOldAndNewRole() {
        BusinessEvent changed = infer(Pos.roleChange("0-1-111", AT, 5, 2, 1, 3)).get(0);
        assertEquals(BusinessEventTypes.USER_ROLE_CHANGED, changed.type());
        Map<String, Object> a = changed.attributes();
        assertEquals(1, a.get("oldRoleId"));
        assertEquals(3, a.get("newRoleId"));
        assertEquals("CASHIER", a.get("oldRole"));
        assertEquals("MANAGER", a.get("newRole"));
        assertEquals("user", changed.subjectType());
        assertEquals("5", changed.subjectId());
        assertEquals("2", changed.branchId());
        assertEquals(AT.toEpochMilli(), changed.occurredAt().toEpochMilli());
    }

    @Test
    void userCreated() {
        TxBuilder tx = new TxBuilder("0-1-112", AT).insert("users", Pos.user(40, 1, "newbie", 1, 1, AT));
        BusinessEvent created = infer(tx).get(0);
        assertEquals(BusinessEventTypes.USER_CREATED, created.type());
        assertEquals("CASHIER", created.attributes().get("role"));
        assertEquals(true, created.attributes().get("active"));
        assertEquals("newbie", created.attributes().get("username"));
    }

    @Test
    void userDeactivatedFromTinyintBoolean() {
        var before = Pos.user(6, 3, "frank", 1, 1, AT.minusSeconds(60));
        TxBuilder tx = new TxBuilder("0-1-113", AT).update("users", before, with(before, "active", 0,
                "updated_at", datetime(AT)));
        List<BusinessEvent> events = infer(tx);
        assertEquals(List.of(BusinessEventTypes.USER_DEACTIVATED), events.stream().map(BusinessEvent::type).toList());
        assertEquals("CASHIER", events.get(0).attributes().get("role"));
    }

    @Test
    void userReactivatedAndDetailsChanged() {
        var before = Pos.user(6, 3, "frank", 1, false, AT.minusSeconds(60));
        assertEquals("user.reactivated", infer(new TxBuilder("0-1-114", AT).update("users", before,
                with(before, "active", true))).get(0).type());
        BusinessEvent details = infer(new TxBuilder("0-1-115", AT).update("users", before,
                with(before, "email", "f@example.test", "updated_at", datetime(AT)))).get(0);
        assertEquals("user.updated", details.type());
        assertEquals(List.of("email", "updated_at"), details.attributes().get("changedColumns"));
    }

    @Test
    void prescriptionDispensedFlagsControlledSubstance() {
        TxBuilder tx = new TxBuilder("0-1-116", AT);
        var pending = row("id", 300L, "branch_id", 1, "customer_id", 1L, "product_id", 3L, "quantity", 30,
                "prescriber", "Dr. Who", "pharmacist_id", 2L, "status", "PENDING", "dispensed_at", null);
        tx.update("prescriptions", pending, with(pending, "status", "DISPENSED", "dispensed_at", datetime(AT)));
        tx.update("inventory", Pos.stock(1, 3, 100, "RECEIPT", null, AT.minusSeconds(60)), Pos.stock(1, 3, 70, "SALE", 2L, AT));
        tx.insert("inventory_adjustments", row("id", 55L, "branch_id", 1, "product_id", 3L, "user_id", 2L, "delta", -30,
                "reason", "SALE", "note", "rx 300", "created_at", datetime(AT)));
        List<BusinessEvent> events = infer(tx);
        BusinessEvent rx = ofType(events, BusinessEventTypes.PRESCRIPTION_DISPENSED).get(0);
        assertEquals(true, rx.attributes().get("controlled"));
        assertEquals("II", rx.attributes().get("schedule"));
        assertEquals("2", rx.actorUserId());
        assertEquals(AT.toEpochMilli(), rx.occurredAt().toEpochMilli());
        assertEquals(2, events.size());
        assertAllSourcesClaimed(tx, events);
    }

    @Test
    void prescriptionOfUncontrolledAndOfUnknownProduct() {
        var dispensed = row("id", 301L, "branch_id", 1, "customer_id", null, "product_id", 1L, "quantity", 1,
                "prescriber", null, "pharmacist_id", 2L, "status", "DISPENSED", "dispensed_at", datetime(AT));
        assertEquals(false, infer(new TxBuilder("0-1-117", AT).insert("prescriptions", dispensed)).get(0)
                .attributes().get("controlled"));
        var unknown = with(dispensed, "id", 302L, "product_id", 999L);
        BusinessEvent rx = infer(new TxBuilder("0-1-118", AT).insert("prescriptions", unknown)).get(0);
        assertNull(rx.attributes().get("controlled"), "unknown product: not known to be uncontrolled");
    }
}
