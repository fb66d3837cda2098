package io.auditoverlay.simulator.anomaly;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.model.label.AnomalyLabel.RowRef;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.action.RoleChange;
import io.auditoverlay.simulator.action.Sale;
import io.auditoverlay.simulator.action.SaleReversal;
import io.auditoverlay.simulator.action.SilentStockChange;
import io.auditoverlay.simulator.action.StockAdjustment;
import io.auditoverlay.simulator.action.UnmatchedRefund;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One injected anomaly while it is being generated: the actions it consists of, collected as they
 * are materialised, and what its label will say once the actions have their ids.
 */
public final class Incident {

    private final String id;
    private final String anomalyClass;
    private final int branchId;
    private final List<PosAction> actions = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private Long userId;
    private Long productId;
    private Instant windowStart;
    private Instant windowEnd;

    public Incident(String id, String anomalyClass, int branchId) {
        this.id = id;
        this.anomalyClass = anomalyClass;
        this.branchId = branchId;
    }

    public String anomalyClass() {
        return anomalyClass;
    }

    public int branchId() {
        return branchId;
    }

    public Incident user(long user) {
        this.userId = user;
        return this;
    }

    public Incident product(long product) {
        this.productId = product;
        return this;
    }

    /** Fixes the window instead of deriving it from the actions (volume anomalies: the trading day). */
    public Incident window(Instant start, Instant end) {
        this.windowStart = start;
        this.windowEnd = end;
        return this;
    }

    public Incident detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** Adds an action and returns it, so materialisers can write {@code return incident.add(...)}. */
    public <A extends PosAction> A add(A action) {
        if (action != null) {
            actions.add(action);
        }
        return action;
    }

    public boolean hasActions() {
        return !actions.isEmpty();
    }

    /** The label; call after every action got its ids. */
    public AnomalyLabel toLabel() {
        Set<RowRef> rows = new LinkedHashSet<>();
        Instant start = windowStart;
        Instant end = windowEnd;
        for (PosAction action : actions) {
            rows.addAll(rowsOf(action));
            Instant last = action instanceof Sale s ? s.completedAt() : action.at();
            if (windowStart == null) {
                start = start == null || action.at().isBefore(start) ? action.at() : start;
                end = end == null || last.isAfter(end) ? last : end;
            }
        }
        return new AnomalyLabel(id, anomalyClass, Integer.toString(branchId),
                userId == null ? null : userId.toString(), productId == null ? null : productId.toString(),
                start, end, List.copyOf(rows), details.isEmpty() ? null : new LinkedHashMap<>(details));
    }

    private static List<RowRef> rowsOf(PosAction action) {
        List<RowRef> rows = new ArrayList<>();
        if (action instanceof Sale s) {
            rows.add(row("sales", s.id()));
            for (int i = 0; i < s.lines().size(); i++) {
                rows.add(row("sale_items", s.itemId(i)));
                rows.add(row("inventory_adjustments", s.adjustmentId(i)));
                rows.add(inventory(s.branchId(), s.lines().get(i).productId()));
            }
        } else if (action instanceof SaleReversal r) {
            rows.add(row("sales", r.sale().id()));
            rows.add(row("refunds", r.refundId()));
            for (int i = 0; i < r.sale().lines().size(); i++) {
                rows.add(row("inventory_adjustments", r.adjustmentId(i)));
                rows.add(inventory(r.branchId(), r.sale().lines().get(i).productId()));
            }
        } else if (action instanceof StockAdjustment a) {
            for (int i = 0; i < a.lines().size(); i++) {
                rows.add(row("inventory_adjustments", a.adjustmentId(i)));
                rows.add(inventory(a.branchId(), a.lines().get(i).productId()));
            }
        } else if (action instanceof UnmatchedRefund u) {
            rows.add(row("refunds", u.id()));
        } else if (action instanceof RoleChange rc) {
            rows.add(row("users", rc.userId()));
        } else if (action instanceof SilentStockChange sc) {
            rows.add(inventory(sc.branchId(), sc.productId()));
        }
        return rows;
    }

    private static RowRef row(String table, long id) {
        return new RowRef(table, Map.of("id", id));
    }

    private static RowRef inventory(int branchId, long productId) {
        Map<String, Object> pk = new LinkedHashMap<>();
        pk.put("branch_id", branchId);
        pk.put("product_id", productId);
        return new RowRef("inventory", pk);
    }
}
