package io.auditoverlay.simulator.activity;

import java.util.List;

/** What every part of the generator shares: the assortment, the customers and the tie-break sequence. */
public final class ActivityContext {

    /** Prescriptions dispensed per sale (controlled products only reach customers this way). */
    public static final double PRESCRIPTION_RATE = 0.025;

    private final Assortment assortment;
    private final List<Long> customerIds;
    private long seq;

    public ActivityContext(Assortment assortment, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            throw new IllegalStateException("the source database has no customers: run `simulate init` first");
        }
        this.assortment = assortment;
        this.customerIds = customerIds;
    }

    public Assortment assortment() {
        return assortment;
    }

    public List<Long> customerIds() {
        return customerIds;
    }

    public long nextSeq() {
        return seq++;
    }
}
