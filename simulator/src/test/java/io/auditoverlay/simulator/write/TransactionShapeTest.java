package io.auditoverlay.simulator.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.simulator.action.IdAllocator;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.action.SaleLine;
import io.auditoverlay.simulator.action.SaleReversal;
import io.auditoverlay.simulator.action.StockAdjustment;
import io.auditoverlay.simulator.action.StockLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each POS action sends: one transaction, with the statements docs/architecture.md ("Reference source schema") describes. */
class TransactionShapeTest {

    private static final Instant AT = Instant.parse("2026-11-20T15:00:00Z");

    @Test
    void aSaleIsOneTransactionOfSaleItemsInventoryAndAdjustments() {
        Sale sale = sale();
        List<String> statements = script(List.of(sale));
        assertEquals(List.of("START TRANSACTION", "INSERT INTO sales", "INSERT INTO sale_items", "UPDATE inventory",
                "INSERT INTO inventory_adjustments", "COMMIT"), heads(statements));
        assertEquals(3, rowsIn(statements.get(2)), "one sale_items row per line");
        assertEquals(3, rowsIn(statements.get(4)), "one adjustment per line");
        assertEquals(10, sale.rowChanges(), "1 sale + 3 items + 3 inventory rows + 3 adjustments");
        assertEquals(true, statements.get(1).contains("'COMPLETED'"));
        assertEquals(true, statements.get(3).contains("WHEN 11 THEN -2"));
    }

    @Test
    void aVoidIsOneTransactionOfStatusRefundAndRestock() {
        Sale sale = sale();
        IdAllocator ids = new IdAllocator(Map.of());
        sale.assignIds(ids);
        SaleReversal reversal = new SaleReversal(sale, SaleReversal.Kind.VOIDED, AT.plusSeconds(300), 9, "wrong item");
        List<String> statements = script(List.of(reversal));
        assertEquals(List.of("START TRANSACTION", "UPDATE sales", "INSERT INTO refunds", "UPDATE inventory",
                "INSERT INTO inventory_adjustments", "COMMIT"), heads(statements));
        assertEquals(true, statements.get(1).contains("status = 'VOIDED'"));
        assertEquals(true, statements.get(4).contains("'RETURN'"));
    }

    @Test
    void actionsSentTogetherStayTransactionsOfTheirOwn() {
        StockAdjustment damage = new StockAdjustment(2, AT, "DAMAGE", 5L, "damaged",
                List.of(new StockLine(40, -1)));
        List<String> statements = script(List.of(sale(), damage));
        assertEquals(List.of("START TRANSACTION", "INSERT INTO sales", "INSERT INTO sale_items", "UPDATE inventory",
                "INSERT INTO inventory_adjustments", "COMMIT", "START TRANSACTION", "UPDATE inventory",
                "INSERT INTO inventory_adjustments", "COMMIT"), heads(statements));
    }

    private static Sale sale() {
        return new Sale(2, AT, AT.plusSeconds(40), 5, null, "CARD", List.of(
                new SaleLine(11, 2, new BigDecimal("4.99"), new BigDecimal("0.00")),
                new SaleLine(12, 1, new BigDecimal("12.49"), new BigDecimal("1.25")),
                new SaleLine(13, 1, new BigDecimal("3.49"), new BigDecimal("0.00"))));
    }

    private static List<String> script(List<PosAction> actions) {
        IdAllocator ids = new IdAllocator(Map.of("sales", 100L));
        actions.forEach(a -> {
            if (!(a instanceof Sale s && s.id() != null)) {
                a.assignIds(ids);
            }
        });
        StringBuilder sql = new StringBuilder();
        PartitionedWriter.script(actions, sql);
        return Arrays.stream(sql.toString().split(";\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> heads(List<String> statements) {
        return statements.stream().map(s -> s.startsWith("INSERT INTO") ? s.substring(0, s.indexOf(" (", 12))
                : s.startsWith("UPDATE") ? s.substring(0, s.indexOf(" SET")) : s).toList();
    }

    private static int rowsIn(String insert) {
        return insert.split("\\),\\(").length;
    }
}
