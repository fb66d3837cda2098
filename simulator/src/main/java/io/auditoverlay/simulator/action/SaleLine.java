package io.auditoverlay.simulator.action;

import java.math.BigDecimal;

/** One basket line; {@code lineTotal} is quantity × unit price − discount. */
public record SaleLine(long productId, int quantity, BigDecimal unitPrice, BigDecimal discount) {

    public BigDecimal gross() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    public BigDecimal lineTotal() {
        return gross().subtract(discount);
    }
}
