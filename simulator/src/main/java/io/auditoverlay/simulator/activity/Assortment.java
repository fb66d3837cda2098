package io.auditoverlay.simulator.activity;

import io.auditoverlay.simulator.state.ChainState;
import io.auditoverlay.simulator.state.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The products as shoppers meet them: uncontrolled products sold over the counter with a long-tailed
 * popularity (a few best-sellers, many slow movers), controlled ones only on prescription.
 */
public final class Assortment {

    private final List<Product> overTheCounter = new ArrayList<>();
    private final List<Product> controlled = new ArrayList<>();
    private final List<Product> scheduleTwo = new ArrayList<>();
    private final double[] cumulative;
    private final double[] share;

    public Assortment(ChainState state, long seed) {
        for (Product p : state.products.values()) {
            (p.controlled() ? controlled : overTheCounter).add(p);
            if ("II".equals(p.schedule())) {
                scheduleTwo.add(p);
            }
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x504F50L);
        int n = overTheCounter.size();
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        cumulative = new double[n];
        share = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            share[i] = 1.0 / Math.pow(rank[i], 0.8);
            sum += share[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            share[i] /= sum;
        }
    }

    /** An over-the-counter product, the popular ones more often. */
    public int pickIndex(SplittableRandom rng) {
        return Randoms.weighted(rng, cumulative);
    }

    public Product overTheCounter(int index) {
        return overTheCounter.get(index);
    }

    public int overTheCounterCount() {
        return overTheCounter.size();
    }

    /** The share of over-the-counter units this product sells. */
    public double share(int index) {
        return share[index];
    }

    public List<Product> controlled() {
        return controlled;
    }

    public List<Product> scheduleTwo() {
        return scheduleTwo;
    }
}
