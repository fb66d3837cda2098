package io.auditoverlay.simulator.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Small sampling helpers over {@link SplittableRandom}, whose sequence is fixed by its seed on every JVM. */
public final class Randoms {

    private Randoms() {
    }

    /** A Poisson-distributed count (Knuth's method; the means here are small). */
    public static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
        }
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            count++;
        }
        return count;
    }

    public static double gaussian(SplittableRandom rng) {
        // Box–Muller on the generator's own doubles, so the sequence does not depend on JDK internals.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    public static boolean chance(SplittableRandom rng, double p) {
        return rng.nextDouble() < p;
    }

    public static <T> T pick(SplittableRandom rng, List<T> items) {
        return items.get(rng.nextInt(items.size()));
    }

    /** A uniformly random instant in [from, to), at millisecond precision. */
    public static Instant between(SplittableRandom rng, Instant from, Instant to) {
        long span = Duration.between(from, to).toMillis();
        return span <= 0 ? from : from.plusMillis(rng.nextLong(span));
    }

    /** Index into a cumulative weight array. */
    public static int weighted(SplittableRandom rng, double[] cumulative) {
        double x = rng.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
