package io.auditoverlay.simulator.action;

/** A change of stock of one product: {@code delta} is negative when goods leave the branch. */
public record StockLine(long productId, int delta) {
}
