package io.auditoverlay.ai.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Precision and recall per class, and a plain-text table of them. */
public record Report(List<Row> rows, Map<String, Integer> unscoredDetectors) {

    /**
     * @param truePositives anomalies of the class that match a label
     * @param anomalies anomalies the class's detector raised
     * @param matchedLabels labels of the class matched by at least one anomaly
     * @param labels labels of the class
     */
    public record Row(String anomalyClass, int truePositives, int anomalies, int matchedLabels, int labels) {

        /** NaN when the detector raised nothing. */
        public double precision() {
            return anomalies == 0 ? Double.NaN : truePositives / (double) anomalies;
        }

        /** NaN when there was nothing to find. */
        public double recall() {
            return labels == 0 ? Double.NaN : matchedLabels / (double) labels;
        }
    }

    public Row row(String anomalyClass) {
        return rows.stream().filter(r -> r.anomalyClass().equals(anomalyClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no class " + anomalyClass));
    }

    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-28s %9s %9s %9s %9s%n", "class", "labels",
                "anomalies", "precision", "recall"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-28s %9d %9d %9s %9s%n", r.anomalyClass(), r.labels(), r.anomalies(),
                    fmt(r.precision()), fmt(r.recall())));
        }
        unscoredDetectors.forEach((detector, n) -> out.append(String.format(Locale.ROOT,
                "(not scored: %s raised %d, no label class)%n", detector, n)));
        return out.toString();
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
