package io.auditoverlay.ai.detect.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/** Median, MAD and the robust z-score built from them. */
public final class RobustStats {

    /** Makes the MAD a consistent estimator of the standard deviation for normal data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustStats() {
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** Median absolute deviation from the median. */
    public static double mad(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return median(deviations);
    }

    /**
     * (x − median) / scale, where scale is the MAD-based sigma but never below the floors, so that a
     * flat baseline (all zeros) does not turn every small change into an infinite score.
     *
     * @param noiseFloor the series' least natural noise (see {@link #compoundPoissonSigma})
     */
    public static double zScore(double x, double median, double mad, double absoluteFloor, double relativeFloor,
            double noiseFloor) {
        double scale = Math.max(MAD_TO_SIGMA * mad, Math.max(absoluteFloor, relativeFloor * Math.abs(median)));
        return (x - median) / Math.max(scale, noiseFloor);
    }

    /**
     * The standard deviation of a bucket that is a sum of events arriving at random (a compound
     * Poisson sum): √κ₂, where the second cumulant κ₂ = E[Σ v²] is estimated by the mean of the
     * baseline buckets' Σ v². For counts (v = 1) that is √(mean count), the Poisson noise; for money
     * it grows with the size of the baskets, so a few large baskets in a quiet hour are not a spike.
     * A handful of baseline samples can have a tiny MAD by luck; a sum of random events is never
     * quieter than this. (A mean, not a median: Σ v² is dominated by the rare large basket, and a
     * past spike in the baseline can only make this floor more cautious.)
     */
    public static double compoundPoissonSigma(double[] sumsOfSquares) {
        return Math.sqrt(Math.max(0, mean(sumsOfSquares)));
    }

    /** Beyond this skewness the Cornish–Fisher expansion is no longer a fair approximation. */
    public static final double MAX_SKEWNESS = 1.0;

    /**
     * The z cut for a right-skewed compound Poisson sum with the same upper-tail probability as
     * {@code threshold} has for a symmetric one (first-order Cornish–Fisher: t + (t² − 1)·γ / 6).
     * The sum's skewness is γ = κ₃ / κ₂^1.5 = E[Σ v³] / E[Σ v²]^1.5, estimated by the means over the
     * baseline buckets and capped at {@link #MAX_SKEWNESS}. An hour of a few baskets of long-tailed
     * value is far more often "four sigmas" above its median than a day's count of sales is.
     */
    public static double skewCorrectedThreshold(double threshold, double[] sumsOfSquares, double[] sumsOfCubes) {
        double squares = mean(sumsOfSquares);
        if (!(squares > 0)) {
            return threshold;
        }
        double skewness = Math.min(MAX_SKEWNESS, Math.max(0, mean(sumsOfCubes) / Math.pow(squares, 1.5)));
        return threshold + (threshold * threshold - 1) * skewness / 6;
    }

    /** Beyond this a tail is "certainly not chance"; also keeps infinities out of scores. */
    private static final double MAX_Z = 40;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /**
     * The normal-equivalent score of seeing at least {@code count} events when {@code lambda} are
     * usual (Poisson upper tail, as a z with the same tail probability). Sparse counts are far from
     * normal: four sigmas above a mean of 0.6 happens once in a few hundred days, not once in 30,000.
     * A usual rate of zero is taken as a small one (half an event over the baseline).
     */
    public static double poissonZ(double count, double lambda) {
        if (count <= 0) {
            return 0;
        }
        double rate = Math.max(lambda, 0.05);
        double tail = 1 - new PoissonDistribution(null, rate, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).cumulativeProbability((int) Math.ceil(count) - 1);
        if (tail <= 0) {
            return MAX_Z;
        }
        return Math.min(MAX_Z, NORMAL.inverseCumulativeProbability(1 - tail));
    }

    static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).sum() / values.length;
    }
}
