package io.auditoverlay.simulator;

import static io.auditoverlay.simulator.HistoryRun.ids;
import static io.auditoverlay.simulator.HistoryRun.in;
import static io.auditoverlay.simulator.HistoryRun.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.label.AnomalyClasses;
import io.auditoverlay.model.label.AnomalyLabel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One small history run (2 days × 500 sales a day) against a real database, checked from the
 * rows it left: transaction shapes, volume, every anomaly class in the labels and in the data,
 * and no anomaly-like rows that are not labelled.
 */
class HistoryRunIT {

    private static HistoryRun run;

    @BeforeAll
    static void write() throws Exception {
        run = new HistoryRun();
    }

    @AfterAll
    static void drop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void volumeIsWithinTenPercentOfWhatWasAsked() throws Exception {
        long sales = run.count("SELECT COUNT(*) FROM sales");
        assertTrue(sales >= 900 && sales <= 1100, "sales: " + sales);
        assertEquals(sales, run.count("SELECT COUNT(*) FROM sales WHERE created_at >= '2026-11-23 00:00:00'"
                + " AND created_at < '2026-11-25 00:00:00'"), "every sale inside the window");
    }

    @Test
    void aSaleIsItsItemsWithOneSaleAdjustmentEach() throws Exception {
        assertEquals(0, run.count("SELECT COUNT(*) FROM sales s WHERE NOT EXISTS"
                + " (SELECT 1 FROM sale_items i WHERE i.sale_id = s.id)"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM sale_items i LEFT JOIN inventory_adjustments a"
                + " ON a.note = CONCAT('sale ', i.sale_id) AND a.product_id = i.product_id AND a.delta = -i.quantity"
                + " AND a.reason = 'SALE' AND a.branch_id = (SELECT branch_id FROM sales WHERE id = i.sale_id)"
                + " WHERE a.id IS NULL"), "an item without its SALE adjustment");
        assertEquals(run.count("SELECT COUNT(*) FROM sale_items"),
                run.count("SELECT COUNT(*) FROM inventory_adjustments WHERE reason = 'SALE' AND note LIKE 'sale %'"),
                "a SALE adjustment without its item");
        assertEquals(0, run.count("SELECT COUNT(*) FROM sales s WHERE s.subtotal <>"
                + " (SELECT SUM(quantity * unit_price) FROM sale_items WHERE sale_id = s.id)"
                + " OR s.total <> s.subtotal - s.discount"
                + " OR s.discount <> (SELECT SUM(discount) FROM sale_items WHERE sale_id = s.id)"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM sale_items WHERE line_total <> quantity * unit_price - discount"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM sale_items i JOIN products p ON p.id = i.product_id"
                + " WHERE p.schedule IS NOT NULL"), "controlled products only on prescription");
    }

    @Test
    void voidsAndRefundsCarryTheirRefundRowAndRestock() throws Exception {
        long reversed = run.count("SELECT COUNT(*) FROM sales WHERE status IN ('VOIDED','REFUNDED')");
        assertTrue(reversed > 0);
        assertEquals(reversed, run.count("SELECT COUNT(*) FROM sales s JOIN refunds r ON r.sale_id = s.id"
                + " AND r.amount = s.total AND r.branch_id = s.branch_id"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM refunds r JOIN sales s ON s.id = r.sale_id"
                + " WHERE s.status = 'COMPLETED'"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM sales WHERE status = 'VOIDED' AND (voided_by IS NULL OR void_reason IS NULL)"));
        assertEquals(0, run.count("SELECT COUNT(*) FROM sales s JOIN sale_items i ON i.sale_id = s.id"
                + " WHERE s.status IN ('VOIDED','REFUNDED') AND NOT EXISTS (SELECT 1 FROM inventory_adjustments a"
                + " WHERE a.reason = 'RETURN' AND a.product_id = i.product_id AND a.delta = i.quantity"
                + " AND a.note IN (CONCAT('void of sale ', s.id), CONCAT('refund of sale ', s.id)))"));
        long voided = run.count("SELECT COUNT(*) FROM sales WHERE status = 'VOIDED'");
        long sales = run.count("SELECT COUNT(*) FROM sales");
        assertTrue(voided >= sales * 0.005 && voided <= sales * 0.05, voided + " voids of " + sales);
    }

    @Test
    void prescriptionsAreDispensedControlledProductsWithTheirAdjustment() throws Exception {
        long rx = run.count("SELECT COUNT(*) FROM prescriptions");
        assertTrue(rx > 0);
        assertEquals(rx, run.count("SELECT COUNT(*) FROM prescriptions r JOIN products p ON p.id = r.product_id"
                + " JOIN inventory_adjustments a ON a.note = CONCAT('prescription ', r.id) AND a.reason = 'SALE'"
                + " AND a.delta = -r.quantity AND a.product_id = r.product_id"
                + " WHERE r.status = 'DISPENSED' AND p.schedule IS NOT NULL AND r.pharmacist_id IS NOT NULL"));
    }

    @Test
    void backOfficeActivityOfEveryKindHappened() throws Exception {
        for (String reason : List.of("RECEIPT", "DAMAGE", "COUNT_CORRECTION", "TRANSFER_OUT", "TRANSFER_IN", "THEFT")) {
            assertTrue(run.count("SELECT COUNT(*) FROM inventory_adjustments WHERE reason = '" + reason + "'") > 0, reason);
        }
        assertTrue(run.count("SELECT COUNT(*) FROM products WHERE updated_at > '2026-01-01'") > 0, "price changes");
        assertTrue(run.count("SELECT COUNT(*) FROM inventory_adjustments a JOIN products p ON p.id = a.product_id"
                + " WHERE a.reason = 'THEFT' AND p.schedule IS NULL") > 0, "ordinary shoplifting write-offs");
    }

    /**
     * Every inventory update went with an adjustment of the same delta (that is the shape of every
     * stock-moving transaction), except the labelled stock decreases without a sale.
     */
    @Test
    void stockMovesOnlyThroughAdjustmentsExceptTheLabelledSilentDecreases() throws Exception {
        Map<String, Integer> now = run.stock();
        Map<String, Long> deltas = new HashMap<>();
        try (Connection c = run.db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT branch_id, product_id, SUM(delta) FROM inventory_adjustments"
                     + " GROUP BY branch_id, product_id")) {
            while (rs.next()) {
                deltas.put(rs.getInt(1) + "/" + rs.getLong(2), rs.getLong(3));
            }
        }
        Map<String, Long> silent = new HashMap<>();
        for (AnomalyLabel l : run.labels(AnomalyClasses.STOCK_DECREASE_WITHOUT_SALE)) {
            silent.merge(l.branchId() + "/" + l.productId(), -((Number) l.details().get("units")).longValue(), Long::sum);
        }
        assertFalse(silent.isEmpty());
        for (Map.Entry<String, Integer> e : now.entrySet()) {
            long expected = run.openingStock.get(e.getKey()) + deltas.getOrDefault(e.getKey(), 0L)
                    + silent.getOrDefault(e.getKey(), 0L);
            assertEquals(expected, e.getValue().longValue(), "stock of " + e.getKey());
            assertTrue(e.getValue() >= 0, "negative stock at " + e.getKey());
        }
    }

    @Test
    void everyAnomalyClassIsLabelled() {
        Set<String> classes = run.labels.stream().map(AnomalyLabel::anomalyClass).collect(Collectors.toSet());
        assertEquals(new HashSet<>(AnomalyClasses.ALL), classes);
        for (AnomalyLabel l : run.labels) {
            assertTrue(!l.windowEnd().isBefore(l.windowStart()), l.id());
            assertTrue(!l.windowStart().isBefore(HistoryRun.FROM) && l.windowEnd().isBefore(HistoryRun.UNTIL), l.id());
            assertTrue(l.branchId() != null);
            boolean volume = l.anomalyClass().startsWith("volume_");
            assertEquals(volume, l.rows().isEmpty(), l.id());
            assertEquals(volume, l.userId() == null, l.id());
        }
    }

    @Test
    void voidAbuseIsOneCashierVoidingTheirOwnSales() throws Exception {
        for (AnomalyLabel l : run.labels(AnomalyClasses.VOID_ABUSE)) {
            List<Long> sales = ids(l, "sales");
            assertTrue(sales.size() >= 3);
            assertEquals(sales.size(), run.count("SELECT COUNT(*) FROM sales WHERE status = 'VOIDED' AND user_id = "
                    + l.userId() + " AND voided_by = " + l.userId() + " AND id IN " + in(sales)));
            assertEquals(sales.size(), ids(l, "refunds").size());
        }
    }

    @Test
    void refundsWithoutSaleAreExactlyTheLabelledOnes() throws Exception {
        Set<Long> labelled = run.labels(AnomalyClasses.REFUND_WITHOUT_SALE).stream().flatMap(l -> ids(l, "refunds").stream())
                .collect(Collectors.toSet());
        assertFalse(labelled.isEmpty());
        assertEquals(labelled, Set.copyOf(run.longs("SELECT id FROM refunds WHERE sale_id IS NULL")));
    }

    @Test
    void controlledShrinkIsTheOnlyWriteDownOfScheduleTwo() throws Exception {
        Set<Long> labelled = run.labels(AnomalyClasses.CONTROLLED_SHRINK).stream()
                .flatMap(l -> ids(l, "inventory_adjustments").stream()).collect(Collectors.toSet());
        assertTrue(labelled.size() >= 2);
        assertEquals(labelled, Set.copyOf(run.longs("SELECT a.id FROM inventory_adjustments a JOIN products p"
                + " ON p.id = a.product_id WHERE p.schedule = 'II' AND a.reason IN ('THEFT','COUNT_CORRECTION')")));
        assertEquals(0, run.count("SELECT COUNT(*) FROM inventory_adjustments WHERE id IN " + in(List.copyOf(labelled))
                + " AND delta >= 0"));
    }

    @Test
    void roleEscalationIsRevertedAndItsAdjustmentsAreByThatUser() throws Exception {
        for (AnomalyLabel l : run.labels(AnomalyClasses.ROLE_ESCALATION)) {
            assertEquals(1, run.count("SELECT COUNT(*) FROM users WHERE role_id = 1 AND id = " + l.userId()
                    + " AND updated_at = '" + sql(l.windowEnd()) + "'"), "reverted to CASHIER at the window's end");
            List<Long> adjustments = ids(l, "inventory_adjustments");
            assertTrue(adjustments.size() >= 2);
            assertEquals(adjustments.size(), run.count("SELECT COUNT(*) FROM inventory_adjustments WHERE user_id = "
                    + l.userId() + " AND created_at BETWEEN '" + sql(l.windowStart()) + "' AND '" + sql(l.windowEnd())
                    + "' AND id IN " + in(adjustments)));
        }
    }

    @Test
    void afterHoursActivityIsLabelledAndOrdinaryActivityKeepsOpeningHours() throws Exception {
        Set<Long> labelledSales = run.labels(AnomalyClasses.AFTER_HOURS).stream().flatMap(l -> ids(l, "sales").stream())
                .collect(Collectors.toSet());
        Set<Long> labelledAdjustments = run.labels(AnomalyClasses.AFTER_HOURS).stream()
                .flatMap(l -> ids(l, "inventory_adjustments").stream()).collect(Collectors.toSet());
        assertFalse(labelledSales.isEmpty() && labelledAdjustments.isEmpty());
        Set<Long> closedSales = run.outsideHours("SELECT s.id, s.created_at, b.timezone, b.opens_at, b.closes_at"
                + " FROM sales s JOIN branches b ON b.id = s.branch_id");
        Set<Long> closedAdjustments = run.outsideHours("SELECT a.id, a.created_at, b.timezone, b.opens_at, b.closes_at"
                + " FROM inventory_adjustments a JOIN branches b ON b.id = a.branch_id"
                + " WHERE a.reason NOT IN ('RETURN', 'TRANSFER_IN')");
        assertEquals(labelledSales, closedSales);
        assertEquals(labelledAdjustments, closedAdjustments);
    }

    @Test
    void pricesBelowCostAreOneLineOfEachLabelledSaleAndNowhereElse() throws Exception {
        List<Long> labelledSales = run.labels(AnomalyClasses.PRICE_BELOW_COST).stream()
                .flatMap(l -> ids(l, "sales").stream()).toList();
        assertFalse(labelledSales.isEmpty());
        List<Long> belowCostSales = run.longs("SELECT i.sale_id FROM sale_items i JOIN products p ON p.id = i.product_id"
                + " WHERE i.unit_price < p.cost ORDER BY i.sale_id");
        assertEquals(labelledSales.stream().sorted().toList(), belowCostSales);
        for (AnomalyLabel l : run.labels(AnomalyClasses.PRICE_BELOW_COST)) {
            assertEquals(ids(l, "sales").size(), run.count("SELECT COUNT(*) FROM sale_items WHERE product_id = "
                    + l.productId() + " AND unit_price = " + l.details().get("price") + " AND sale_id IN " + in(ids(l, "sales"))));
        }
    }

    @Test
    void labelsNameEveryRowOfTheirTransactions() throws Exception {
        for (AnomalyLabel l : run.labels(AnomalyClasses.VOID_ABUSE)) {
            List<Long> sales = ids(l, "sales");
            assertEquals(run.count("SELECT COUNT(*) FROM sale_items WHERE sale_id IN " + in(sales)), ids(l, "sale_items").size());
            // each item leaves with a SALE adjustment and comes back with a RETURN one
            assertEquals(2 * ids(l, "sale_items").size(), ids(l, "inventory_adjustments").size());
        }
    }

    @Test
    void volumeAnomaliesChangeThatBranchDaysSales() throws Exception {
        for (AnomalyLabel l : run.labels) {
            if (!l.anomalyClass().startsWith("volume_")) {
                continue;
            }
            long sales = run.count("SELECT COUNT(*) FROM sales WHERE branch_id = " + l.branchId()
                    + " AND created_at BETWEEN '" + sql(l.windowStart()) + "' AND '" + sql(l.windowEnd()) + "'");
            long usual = ((Number) l.details().get("usualSales")).longValue();
            if (l.anomalyClass().equals(AnomalyClasses.VOLUME_SPIKE)) {
                assertTrue(sales > 2 * usual, sales + " vs usual " + usual);
            } else {
                assertTrue(sales < 0.5 * usual, sales + " vs usual " + usual);
            }
        }
    }
}
