package io.auditoverlay.normalizer.encoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.json.AuditJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Not a test: the CPU one {@link MessageEncoder#encode} costs per row, with and without the chain's
 * leaf, in thread CPU time (docs/integrity.md, "Leaf format 2"). Uses only the encoder's public API,
 * so the same class runs against an older build's classes for a before/after comparison:
 * {@code java -cp <test-classes>:<classes>:<deps> io.auditoverlay.normalizer.encoding.EncoderCostProbe [rows] [passes] [rounds]}.
 * Rows are POS-like: a third inserts of a sale or sale item, two thirds inventory updates (before and
 * after images), columns sharing their name instances per table as the mapper's do.
 */
public final class EncoderCostProbe {

    private static final String[] SALES = {"id", "branch_id", "user_id", "status", "subtotal", "discount", "total", "payment_method",
        "created_at", "completed_at", "voided_at", "void_reason", "customer_id"};
    private static final String[] ITEMS = {"id", "sale_id", "product_id", "quantity", "unit_price", "discount", "line_total"};
    private static final String[] INVENTORY = {"branch_id", "product_id", "quantity", "reorder_level", "last_reason", "updated_at",
        "version"};

    private EncoderCostProbe() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        ObjectMapper json = AuditJson.mapper();
        MessageEncoder chained = new MessageEncoder(json, true);
        MessageEncoder plain = new MessageEncoder(json, false);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long without = 0;
            long with = 0;
            for (int p = 0; p < passes; p++) {
                // Fresh values each pass, as in the service (a value's cached text, e.g. BigDecimal's, is not reused).
                List<CanonicalChangeEvent> a = events(rows, new Random(7 + p));
                List<CanonicalChangeEvent> b = events(rows, new Random(7 + p));
                long t0 = cpu.getCurrentThreadCpuTime();
                for (CanonicalChangeEvent e : a) {
                    sink += plain.encode(e).value().length;
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                for (CanonicalChangeEvent e : b) {
                    sink += chained.encode(e).row().chainEntry().leaf()[0];
                }
                long t2 = cpu.getCurrentThreadCpuTime();
                without += t1 - t0;
                with += t2 - t1;
            }
            double n = (double) rows * passes;
            System.out.printf("round %d%s: without the chain %.2f µs/row, with %.2f µs/row, leaf %.2f µs/row%n", round + 1,
                    round < 2 ? " (warm-up)" : "", without / 1000.0 / n, with / 1000.0 / n, (with - without) / 1000.0 / n);
        }
        System.out.println("sink " + sink);
    }

    static List<CanonicalChangeEvent> events(int n, Random r) {
        List<CanonicalChangeEvent> out = new ArrayList<>(n);
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant at = t.plusMillis(i * 37L);
            String tx = "pos:0-1-" + (1000 + i / 10);
            SourcePosition p = new SourcePosition(1L, "mariadb-bin.000007", 4_000L + i * 300L, i % 10, "0-1-" + (1000 + i / 10), false);
            int kind = i % 3;
            if (kind == 0) {
                boolean sale = i % 6 == 0;
                Map<String, Object> after = sale ? sale(r, i) : item(r, i);
                out.add(new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", sale ? "sales" : "sale_items", Operation.CREATE,
                        key("id", (long) i), null, after, List.copyOf(after.keySet()), tx, (long) (i % 10), at, at.plusMillis(40), p,
                        "1", 1));
            } else {
                Map<String, Object> before = inventory(r, i, 10 + r.nextInt(90));
                Map<String, Object> after = new LinkedHashMap<>(before);
                after.put(INVENTORY[2], ((Long) before.get(INVENTORY[2])) - 1);
                after.put(INVENTORY[4], "SALE");
                after.put(INVENTORY[5], "2026-12-04T10:00:" + String.format("%02d", i % 60) + ".123");
                Map<String, Object> pk = new LinkedHashMap<>();
                pk.put(INVENTORY[0], before.get(INVENTORY[0]));
                pk.put(INVENTORY[1], before.get(INVENTORY[1]));
                out.add(new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", "inventory", Operation.UPDATE, pk, before, after,
                        List.of(INVENTORY[2], INVENTORY[4], INVENTORY[5]), tx, (long) (i % 10), at, at.plusMillis(40), p, "1", 1));
            }
        }
        return out;
    }

    private static Map<String, Object> key(String column, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(column, value);
        return m;
    }

    private static Map<String, Object> sale(Random r, int i) {
        BigDecimal subtotal = BigDecimal.valueOf(100 + r.nextInt(9900), 2);
        Object[] v = {(long) i, (long) (1 + i % 3), (long) (1 + r.nextInt(40)), "COMPLETED", subtotal, new BigDecimal("0.00"), subtotal,
            r.nextBoolean() ? "CARD" : "CASH", "2026-12-04T10:00:00.123", "2026-12-04T10:00:01.456", null, null, r.nextBoolean() ? null : (long) r.nextInt(5000)};
        return row(SALES, v);
    }

    private static Map<String, Object> item(Random r, int i) {
        BigDecimal price = BigDecimal.valueOf(99 + r.nextInt(5000), 2);
        Object[] v = {(long) i, (long) (i / 6), (long) (1 + r.nextInt(500)), 1L, price, new BigDecimal("0.00"), price};
        return row(ITEMS, v);
    }

    private static Map<String, Object> inventory(Random r, int i, long quantity) {
        Object[] v = {(long) (1 + i % 3), (long) (1 + r.nextInt(500)), quantity, 5L, "RESTOCK", "2026-12-03T18:00:00.000", (long) r.nextInt(1000)};
        return row(INVENTORY, v);
    }

    private static Map<String, Object> row(String[] columns, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < columns.length; c++) {
            m.put(columns[c], values[c]);
        }
        return m;
    }
}
