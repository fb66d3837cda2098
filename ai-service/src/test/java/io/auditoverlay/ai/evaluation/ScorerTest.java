package io.auditoverlay.ai.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final Instant T = Instant.parse("2026-11-20T15:00:00Z");
    private final Scorer scorer = new Scorer(Duration.ofHours(1));

    private static Anomaly anomaly(String detector, String branch, String subjectType, String subject, Instant from, Instant to) {
        return new Anomaly(UUID.randomUUID(), detector, Severity.HIGH, 5, branch, subjectType, subject, from, to, List.of(),
                "x", T);
    }

    private static Label label(String cls, String branch, String user, String product, Instant from, Instant to) {
        return new Label(cls, branch, user, product, from, to, List.of());
    }

    @Test
    void countsPrecisionAndRecallPerClass() {
        List<Label> labels = List.of(
                label("void_abuse", "1", "7", null, T, T.plusSeconds(3600)),
                label("void_abuse", "2", "9", null, T, T.plusSeconds(3600)),
                label("after_hours", "1", "7", null, T, T));
        List<Anomaly> anomalies = List.of(
                anomaly("void-rate", "1", "user", "7", T.minusSeconds(7200), T.plusSeconds(80000)), // matches label 1
                anomaly("void-rate", "1", "user", "8", T, T),                                       // wrong user
                anomaly("after-hours", "1", "user", "7", T.plusSeconds(1800), T.plusSeconds(1800)), // within slack
                anomaly("after-hours", "1", "user", "7", T.plusSeconds(3 * 3600), T.plusSeconds(3 * 3600)), // too late
                anomaly("sales-value-spike", "1", "branch", "1", T, T));                            // unscored
        Report report = scorer.score(labels, anomalies);
        assertEquals(0.5, report.row("void_abuse").precision());
        assertEquals(0.5, report.row("void_abuse").recall());
        assertEquals(0.5, report.row("after_hours").precision());
        assertEquals(1.0, report.row("after_hours").recall());
        assertTrue(Double.isNaN(report.row("volume_drop").precision()));
        assertTrue(Double.isNaN(report.row("volume_drop").recall()));
        assertEquals(1, report.unscoredDetectors().get("sales-value-spike"));
        assertTrue(report.table().contains("void_abuse"), report.table());
    }

    @Test
    void aDetectorOfAnotherClassNeverMatches() {
        Label label = label("controlled_shrink", "1", null, "3", T, T);
        assertEquals(false, scorer.matches(label, anomaly("stock-decrease-without-sale", "1", "product", "3", T, T)));
        assertEquals(true, scorer.matches(label, anomaly("controlled-substance-adjustment", "1", "product", "3", T, T)));
        assertEquals(false, scorer.matches(label, anomaly("controlled-substance-adjustment", "1", "product", "4", T, T)));
        assertEquals(false, scorer.matches(label, anomaly("controlled-substance-adjustment", "2", "product", "3", T, T)));
    }

    @Test
    void readsLabelsWithAliasesAndZonelessTimes() throws IOException {
        String jsonl = """
                {"class":"refund_without_sale","branch_id":2,"user_id":"5","window_start":"2026-11-20T15:00:00Z","window_end":"2026-11-20T15:00:00Z","row_ids":[17,"refunds:18"]}

                {"label":"volume_drop","branch":"1","start":"2026-11-20 11:00:00","end":"2026-11-20 15:00:00"}
                """;
        List<Label> labels = LabelReader.read(new StringReader(jsonl));
        assertEquals(2, labels.size());
        assertEquals("2", labels.get(0).branchId());
        assertEquals(List.of("17", "refunds:18"), labels.get(0).rowIds());
        assertEquals(Instant.parse("2026-11-20T11:00:00Z"), labels.get(1).windowStart());
        assertEquals(null, labels.get(1).userId());
    }

    @Test
    void aLabelWithoutClassIsAnErrorNamingItsLine() {
        IOException error = assertThrows(IOException.class,
                () -> LabelReader.read(new StringReader("{\"class\":\"after_hours\",\"window_start\":\"2026-11-20T15:00:00Z\"}\n{\"branch\":\"1\"}")));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }
}
