package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.Pos.datetime;
import static io.auditoverlay.inference.testing.Pos.money;
import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.auditoverlay.inference.testing.TxBuilder.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.hooks.MatchingSaleHook;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per shipped rule, on transactions shaped as the POS writes them. */
class PharmacyRulesTest {

    private static final Instant AT = Instant.parse("2026-11-25T14:30:00.250Z");

    private ReferenceData reference;
    private RuleEngine engine;

    @BeforeEach
    void setUp() {
        Rules rules = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");
        reference = new ReferenceData(rules.reference());
        snapshot("roles", row("id", 1, "name", "CASHIER"));
        snapshot("roles", row("id", 3, "name", "MANAGER"));
        snapshot("products", Pos.product(3, "SKU-0003", "II", "42.00", "18.00", AT.minusSeconds(86400)));
        snapshot("products", Pos.product(1, "SKU-0001", null, "6.49", "2.10", AT.minusSeconds(86400)));
        engine = new RuleEngine(rules, reference);
    }

    private void snapshot(String table, Map<String, Object> row) {
        SourcePosition position = new SourcePosition(1L, "mb.000001", 4L, 0, null, true);
        reference.apply(new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", table, Operation.READ,
                Map.of("id", row.get("id")), null, row, List.of(), null, null, AT.minusSeconds(86400), null, position, "1", 1));
    }

    private List<BusinessEvent> infer(TxBuilder tx) {
        return infer(tx.assembled(), TrailLookup.EMPTY);
    }

    private List<BusinessEvent> infer(AssembledTransaction<?> tx, TrailLookup trail) {
        InferenceResult result = engine.infer(tx, trail);
        assertEquals(List.of(), result.ruleErrors());
        return result.events().stream().map(InferredEvent::event).toList();
    }

    private static List<BusinessEvent> ofType(List<BusinessEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private static void assertAllSourcesClaimed(TxBuilder tx, List<BusinessEvent> events) {
        var sources = new HashSet<UUID>();
        events.forEach(e -> sources.addAll(e.sourceEventIds()));
        tx.changes().forEach(c -> assertTrue(sources.contains(c.eventId()), "unclaimed " + c.table() + " " + c.op()));
    }

    @Test
    void saleCompletedCarriesItemsTotalsDiscountPaymentAndCashier() {
        TxBuilder tx = Pos.sale("0-1-100", AT, 5001, 2, 5, "CARD", "1.00",
                new Pos.Line(1, 3, 1, "42.00", 10), new Pos.Line(2, 1, 2, "6.49", 50));
        List<BusinessEvent> events = infer(tx);

        List<BusinessEvent> sales = ofType(events, BusinessEventTypes.SALE_COMPLETED);
        assertEquals(1, sales.size());
        BusinessEvent sale = sales.get(0);
        assertEquals("2", sale.branchId());
        assertEquals("5", sale.actorUserId());
        assertEquals("sale", sale.subjectType());
        assertEquals("5001", sale.subjectId());
        assertEquals(AT.toEpochMilli(), sale.occurredAt().toEpochMilli());
        assertEquals("pos:0-1-100", sale.transactionId());
        assertEquals(EventIds.businessEventId("pos:0-1-100", "sale-completed", "sale:5001"), sale.id());
        Map<String, Object> a = sale.attributes();
        assertEquals(money("54.98"), a.get("subtotal"));
        assertEquals(money("1.00"), a.get("discount"));
        assertEquals(money("53.98"), a.get("total"));
        assertEquals("CARD", a.get("paymentMethod"));
        assertEquals(2, a.get("itemCount"));
        assertEquals(3L, a.get("units"));
        assertEquals(money("54.98"), a.get("itemsTotal"));
        assertEquals(List.of(row("product_id", 3L, "quantity", 1, "unit_price", money("42.00"), "discount", money("0.00"),
                        "line_total", money("42.00")),
                row("product_id", 1L, "quantity", 2, "unit_price", money("6.49"), "discount", money("0.00"),
                        "line_total", money("12.98"))), a.get("items"));
        // sales row and both items are the sale's sources
        assertEquals(3, sale.sourceEventIds().size());
        assertEquals(2, ofType(events, BusinessEventTypes.INVENTORY_ADJUSTED).size());
        assertTrue(ofType(events, BusinessEventTypes.DATA_CHANGED).isEmpty(), "nothing unclassified in a sale");
        assertAllSourcesClaimed(tx, events);
    }

    @Test
    void saleOpenedThenCompletedInOneTransactionIsOneSale() {
        TxBuilder tx = new TxBuilder("0-1-101", AT);
        var open = Pos.saleRow(77, 1, 1, "OPEN", money("6.49"), money("0.00"), null, AT);
        tx.insert("sales", open);
        tx.insert("sale_items", row("id", 9L, "sale_id", 77L, "product_id", 1L, "quantity", 1, "unit_price", money("6.49"),
                "discount", money("0.00"), "line_total", money("6.49")));
        tx.update("sales", open, with(open, "status", "COMPLETED", "payment_method", "CASH", "completed_at", datetime(AT)));
        List<BusinessEvent> events = infer(tx);
        assertEquals(List.of(BusinessEventTypes.SALE_COMPLETED), events.stream().map(BusinessEvent::type).toList());
        assertEquals("CASH", events.get(0).attributes().get("paymentMethod"));
        assertEquals(3, events.get(0).sourceEventIds().size());
    }

    @Test
    void saleAdjustmentsAreInventoryAdjustedWithReasonSaleAndStockBeforeAfter() {
        TxBuilder tx = Pos.sale("0-1-102", AT, 5002, 1, 1, "CASH", "0.00", new Pos.Line(1, 3, 2, "42.00", 10));
        BusinessEvent adjusted = ofType(infer(tx), BusinessEventTypes.INVENTORY_ADJUSTED).get(0);
        assertEquals("product", adjusted.subjectType());
        assertEquals("3", adjusted.subjectId());
        assertEquals("1", adjusted.actorUserId());
        Map<String, Object> a = adjusted.attributes();
        assertEquals("SALE", a.get("reason"));
        assertEquals(-2, a.get("delta"));
        assertEquals(10, a.get("quantityBefore"));
        assertEquals(8, a.get("quantityAfter"));
        assertEquals("SKU-0003", a.get("sku"));
        assertEquals("II", a.get("schedule"));
        assertEquals(2, adjusted.sourceEventIds().size(), "adjustment row and inventory row");
    }

    @Test
    void voidNamesWhoAndWhyAndRestocks() {
        TxBuilder tx = Pos.voidSale("0-1-103", AT, 5003, 1, 1, 3, "42.00", "customer changed mind", 3, 1, 9);
        List<BusinessEvent> events = infer(tx);
        BusinessEvent voided = ofType(events, BusinessEventTypes.SALE_VOIDED).get(0);
        assertEquals("3", voided.actorUserId());
        assertEquals("5003", voided.subjectId());
        assertEquals("customer changed mind", voided.attributes().get("reason"));
        assertEquals(3L, voided.attributes().get("voidedBy"));
        assertEquals("COMPLETED", voided.attributes().get("previousStatus"));
        assertEquals(money("42.00"), voided.attributes().get("refundAmount"), "the void's refund row is part of the void");
        assertEquals(AT, voided.occurredAt(), "no void timestamp column: commit time");
        BusinessEvent restock = ofType(events, BusinessEventTypes.INVENTORY_ADJUSTED).get(0);
        assertEquals("RETURN", restock.attributes().get("reason"));
        assertEquals(1, restock.attributes().get("delta"));
        assertEquals(2, events.size());
        assertAllSourcesClaimed(tx, events);
    }

    @Test
    void refundWithMatchingSaleInTheTrail() {
        TxBuilder tx = Pos.refund("0-1-104", AT, 81, 5004L, 1, 3, "12.98", "damaged box", 1, 2, 40);
        BusinessEvent completed = new BusinessEvent(UUID.randomUUID(), BusinessEventTypes.SALE_COMPLETED, "1", "1", "sale",
                "5004", AT.minusSeconds(3600), "pos:0-1-1", Map.of("total", money("12.98")), List.of());
        TrailLookup trail = (type, subjectType, subjectId, branch) ->
                type.equals(BusinessEventTypes.SALE_COMPLETED) && subjectId.equals("5004") && "1".equals(branch)
                        ? Optional.of(completed) : Optional.empty();
        List<BusinessEvent> events = infer(tx.assembled(), trail);
        BusinessEvent refund = ofType(events, BusinessEventTypes.SALE_REFUNDED).get(0);
        Map<String, Object> a = refund.attributes();
        assertEquals(money("12.98"), a.get("amount"));
        assertEquals(5004L, a.get("saleId"));
        assertEquals("damaged box", a.get("reason"));
        assertEquals(true, a.get("withSaleReference"));
        assertEquals("REFUNDED", a.get("saleStatusAfter"));
        assertEquals(true, a.get("matchingSale"));
        assertEquals(completed.id().toString(), a.get("matchingSaleEventId"));
        assertEquals(false, a.get("exceedsSaleTotal"));
        assertEquals("3", refund.actorUserId());
        assertEquals(2, refund.sourceEventIds().size(), "refund row and the sale's status change");
        assertEquals(1, ofType(events, BusinessEventTypes.INVENTORY_ADJUSTED).size());
        assertAllSourcesClaimed(tx, events);
    }

    @Test
    void refundWithoutSale() {
        TxBuilder tx = Pos.refund("0-1-105", AT, 82, null, 1, 1, "30.00", "no receipt", 1, 1, 40);
        BusinessEvent refund = ofType(infer(tx), BusinessEventTypes.SALE_REFUNDED).get(0);
        assertEquals(false, refund.attributes().get("withSaleReference"));
        assertEquals(false, refund.attributes().get("matchingSale"));
        assertNull(refund.attributes().get("saleId"));
        assertEquals("refund-82", refund.subjectId());
    }

    @Test
    void saleSetToRefundedWithoutRefundRow() {
        TxBuilder tx = new TxBuilder("0-1-106", AT);
        var before = Pos.saleRow(5006, 1, 1, "COMPLETED", money("9.99"), money("0.00"), "CARD", AT);
        tx.update("sales", before, with(before, "status", "REFUNDED"));
        BusinessEvent refund = infer(tx).get(0);
        assertEquals(BusinessEventTypes.SALE_REFUNDED, refund.type());
        assertEquals(true, refund.attributes().get("refundRowMissing"));
        assertEquals(money("9.99"), refund.attributes().get("amount"));
    }

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
    void partialTransactionMarksItsEvents() {
        TxBuilder tx = Pos.roleChange("0-1-121", AT, 5, 2, 1, 3);
        var partial = new AssembledTransaction<>(tx.transactionId(), "pos", tx.changes(), null,
                Completion.TIMED_OUT_WITHOUT_END, List.of());
        InferenceResult result = engine.infer(partial, TrailLookup.EMPTY);
        assertTrue(result.events().get(0).partial());
    }
}
