package io.auditoverlay.ai.evaluation;

import io.auditoverlay.model.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Precision and recall per label class. An anomaly matches a label when its detector answers the
 * label's class, the branch is the same, the user or product is the same where both name one, and
 * the windows overlap (with {@code slack} on either side, for bucketed detectors).
 * Precision counts the class's anomalies that match some label; recall counts labels matched by
 * at least one anomaly.
 */
public final class Scorer {

    private final Duration slack;

    public Scorer(Duration slack) {
        this.slack = slack;
    }

    public Report score(List<Label> labels, List<Anomaly> anomalies) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        ClassMapping.classes().forEach(c -> counts.put(c, new int[4])); // tp anomalies, anomalies, matched labels, labels
        Map<String, Integer> unscored = new TreeMap<>();
        for (Label label : labels) {
            int[] c = counts.computeIfAbsent(label.anomalyClass(), k -> new int[4]);
            c[3]++;
            if (anomalies.stream().anyMatch(a -> matches(label, a))) {
                c[2]++;
            }
        }
        for (Anomaly anomaly : anomalies) {
            Optional<String> anomalyClass = ClassMapping.classOf(anomaly.detector());
            if (anomalyClass.isEmpty()) {
                unscored.merge(anomaly.detector(), 1, Integer::sum);
                continue;
            }
            int[] c = counts.get(anomalyClass.get());
            c[1]++;
            if (labels.stream().anyMatch(l -> matches(l, anomaly))) {
                c[0]++;
            }
        }
        List<Report.Row> rows = new ArrayList<>();
        counts.forEach((cls, c) -> rows.add(new Report.Row(cls, c[0], c[1], c[2], c[3])));
        return new Report(rows, unscored);
    }

    public boolean matches(Label label, Anomaly anomaly) {
        if (!ClassMapping.classOf(anomaly.detector()).map(label.anomalyClass()::equals).orElse(false)) {
            return false;
        }
        if (label.branchId() != null && anomaly.branchId() != null && !label.branchId().equals(anomaly.branchId())) {
            return false;
        }
        if (!sameIfBothNamed("user", label.userId(), anomaly) || !sameIfBothNamed("product", label.productId(), anomaly)) {
            return false;
        }
        Instant start = Objects.requireNonNullElse(anomaly.windowStart(), anomaly.detectedAt());
        Instant end = Objects.requireNonNullElse(anomaly.windowEnd(), start);
        return !start.isAfter(label.windowEnd().plus(slack)) && !end.isBefore(label.windowStart().minus(slack));
    }

    private static boolean sameIfBothNamed(String subjectType, String labelled, Anomaly anomaly) {
        return labelled == null || !subjectType.equals(anomaly.subjectType()) || labelled.equals(anomaly.subjectId());
    }
}
