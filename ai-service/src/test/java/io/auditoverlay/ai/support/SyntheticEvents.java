package io.auditoverlay.ai.support;

import io.auditoverlay.model.business.BusinessEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The business events of a {@link SyntheticHistory}, shaped as inference-service emits them: a sale
 * with its stock movement, voids, refunds, receipts and adjustments, each in a transaction of its own.
 */
final class SyntheticEvents {

    private static final Map<String, BigDecimal> PRICES = Map.of("1", new BigDecimal("6.49"), "2", new BigDecimal("9.99"),
            "3", new BigDecimal("42.00"), "4", new BigDecimal("25.50"), "7", new BigDecimal("4.25"));

    private final List<BusinessEvent> events = new ArrayList<>();
    private int sequence;

    List<BusinessEvent> events() {
        return events;
    }

    void add(BusinessEvent event) {
        events.add(event);
    }

    String tx() {
        return "syn:" + (++sequence);
    }

    String sale(String branch, String cashier, String product, Instant at, boolean discounted) {
        String tx = tx();
        BigDecimal price = PRICES.get(product);
        BigDecimal discount = discounted ? BigDecimal.ONE : BigDecimal.ZERO;
        events.add(Ev.of("sale.completed").branch(branch).tx(tx).at(at).actor(cashier).subject("sale", tx)
                .attr("subtotal", price).attr("discount", discount).attr("total", price.subtract(discount))
                .attr("payment_method", "CARD")
                .attr("items", List.of(Map.of("product_id", Integer.parseInt(product), "quantity", 1, "unit_price", price,
                        "line_total", price)))
                .build());
        events.add(Ev.of("inventory.adjusted").branch(branch).tx(tx).at(at).actor(cashier).subject("product", product)
                .attr("product_id", Integer.parseInt(product)).attr("reason", "SALE").attr("delta", -1).build());
        return tx;
    }

    void void_(String branch, String cashier, String sale, Instant at) {
        events.add(Ev.of("sale.voided").branch(branch).tx(tx()).at(at).actor(cashier).subject("sale", sale)
                .attr("voided_by", cashier).attr("reason", "customer changed mind").build());
    }

    void refund(String branch, String cashier, String sale, Instant at) {
        events.add(Ev.of("sale.refunded").branch(branch).tx(tx()).at(at).actor(cashier).subject("refund", "rf-" + sale)
                .attr("sale_id", sale).attr("amount", new BigDecimal("6.49")).build());
    }

    void receipt(String branch, Instant at) {
        adjustment(branch, "c" + branch + "-2", "1", "RECEIPT", 24, at);
    }

    void adjustment(String branch, String user, String product, String reason, int delta, Instant at) {
        events.add(Ev.of("inventory.adjusted").branch(branch).tx(tx()).at(at).actor(user).subject("product", product)
                .attr("product_id", Integer.parseInt(product)).attr("reason", reason).attr("delta", delta).build());
    }
}
