package io.auditoverlay.ai.detect.stats;

import java.util.Arrays;

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
     */
    public static double zScore(double x, double median, double mad, double absoluteFloor, double relativeFloor,
            boolean counts) {
        double scale = Math.max(MAD_TO_SIGMA * mad, Math.max(absoluteFloor, relativeFloor * Math.abs(median)));
        if (counts) {
            // A handful of baseline samples can have a tiny MAD by luck; counts are at least Poisson-noisy.
            scale = Math.max(scale, Math.sqrt(Math.abs(median)));
        }
        return (x - median) / scale;
    }
}
