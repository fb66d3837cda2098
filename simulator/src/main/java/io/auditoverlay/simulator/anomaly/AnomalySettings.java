package io.auditoverlay.simulator.anomaly;

/**
 * How many anomalies to inject and how strong.
 *
 * @param enabled false with {@code --no-anomalies}
 * @param ratePerWeek incidents of each class per simulated week, chain-wide (history); in live mode,
 *                    incidents of any class per hour
 * @param magnitude 1.0 is the default strength; 2.0 doubles counts and amounts, 0.5 halves them
 */
public record AnomalySettings(boolean enabled, double ratePerWeek, double magnitude) {

    public AnomalySettings {
        if (ratePerWeek < 0) {
            throw new IllegalArgumentException("anomaly rate must not be negative: " + ratePerWeek);
        }
        if (magnitude <= 0) {
            throw new IllegalArgumentException("anomaly magnitude must be positive: " + magnitude);
        }
    }

    /** A count scaled by the magnitude, never below {@code min}. */
    public int scaled(double base, int min) {
        return Math.max(min, (int) Math.round(base * magnitude));
    }
}
