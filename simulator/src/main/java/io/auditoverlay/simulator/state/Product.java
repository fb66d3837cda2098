package io.auditoverlay.simulator.state;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A product and its price over simulated time: a sale uses the shelf price in force at its own
 * timestamp, whatever order the generator produced price changes and sales in.
 */
public final class Product {

    private final long id;
    private final String schedule;
    private final BigDecimal cost;
    private final TreeMap<Instant, BigDecimal> prices = new TreeMap<>();

    public Product(long id, String schedule, BigDecimal unitPrice, BigDecimal cost) {
        this.id = id;
        this.schedule = schedule;
        this.cost = cost;
        prices.put(Instant.MIN, unitPrice);
    }

    public long id() {
        return id;
    }

    /** Null, II, III, IV or V. */
    public String schedule() {
        return schedule;
    }

    public boolean controlled() {
        return schedule != null;
    }

    public BigDecimal cost() {
        return cost;
    }

    public BigDecimal priceAt(Instant at) {
        Map.Entry<Instant, BigDecimal> entry = prices.floorEntry(at);
        return entry.getValue();
    }

    public void changePrice(Instant at, BigDecimal price) {
        prices.put(at, price);
    }
}
