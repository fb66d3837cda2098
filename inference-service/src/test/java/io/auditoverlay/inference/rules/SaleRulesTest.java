package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.Pos.datetime;
import static io.auditoverlay.inference.testing.Pos.money;
import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.auditoverlay.inference.testing.TxBuilder.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.id.EventIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One test per shipped sale rule: sales, their stock movements, voids and refunds. */
class SaleRulesTest extends ShippedRules {

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
}
