package io.auditoverlay.simulator.activity;

import java.util.List;

/** What every part of the generator shares: the assortment, the customers and the tie-break sequence. */
public final class ActivityContext {

    /** Prescriptions dispensed per sale (controlled products only reach customers this way). */
    public static final double PRESCRIPTION_RATE = 0.025;

    private final Assortment assortment;
    private final List<Long> customerIds;
    private final boolean live;
    private long seq;

    public ActivityContext(Assortment assortment, List<Long> customerIds) {
        this(assortment, customerIds, false);
    }

    /**
     * @param live compresses follow-ups that take days in real life (returns, transfers in transit)
     *             into minutes, so that a demo shows them
     */
    public ActivityContext(Assortment assortment, List<Long> customerIds, boolean live) {
        if (customerIds.isEmpty()) {
            throw new IllegalStateException("the source database has no customers: run `simulate init` first");
        }
        this.assortment = assortment;
        this.customerIds = customerIds;
        this.live = live;
    }

    public boolean live() {
        return live;
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
