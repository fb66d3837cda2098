package io.auditoverlay.simulator.catalog;

import java.math.BigDecimal;

/** A catalogue product. {@code schedule} is null for uncontrolled products, else II, III, IV or V. */
public record ProductSpec(long id, String sku, String name, String category, String schedule, BigDecimal unitPrice,
                          BigDecimal cost) {
}
