package io.auditoverlay.ai.reference;

import java.math.BigDecimal;

/** What the detectors need to know about a product: its controlled schedule and its cost. */
public record ProductInfo(String productId, String name, String schedule, BigDecimal cost) {

    public boolean controlled() {
        return schedule != null && !schedule.isBlank();
    }
}
