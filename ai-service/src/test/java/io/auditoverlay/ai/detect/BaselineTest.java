package io.auditoverlay.ai.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.support.Ev;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.ai.support.TestConfigs;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the statistical detectors compare a day with, on a young history (three or four weeks, as
 * after a fresh install): whole weeks of ordinary trading with a weekly rhythm, events far older
 * than the capture, and days that have not closed yet.
 */
class BaselineTest {

    private static final Set<String> TRADING = Set.of("volume-spike", "volume-drop", "sales-value-spike", "product-sales-spike");

    private static List<Anomaly> detect(DetectionConfig config, SyntheticHistory history, List<BusinessEvent> extra,
            int fromDay, Instant to, Instant coverageStart, Instant now) {
        List<BusinessEvent> events = new ArrayList<>(history.events());
        events.addAll(extra);
        MemoryHistory memory = new MemoryHistory(events);
        Instant from = SyntheticHistory.FIRST_DAY.plusDays(fromDay).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new DetectionEngine(config).detectWindow(memory, memory, history.reference(), from, to, coverageStart, now)
                .stream().filter(a -> TRADING.contains(a.detector())).toList();
    }

    private static List<Anomaly> detect(DetectionConfig config, SyntheticHistory history, int fromDay) {
        return detect(config, history, List.of(), fromDay, history.end(), history.start(), history.end());
    }

    private static List<String> explained(List<Anomaly> anomalies) {
        return anomalies.stream().map(a -> a.detector() + ": " + a.explanation()).toList();
    }

    @Test
    void aWeeklyRhythmIsNotAnAnomalyButWouldBeWithoutTheWeekdayProfile() {
        SyntheticHistory history = new SyntheticHistory(21L).weeklyRhythm().normal(List.of());
        assertEquals(List.of(), explained(detect(TestConfigs.detection(), history, 7)));

        // The same weeks judged against the plain previous 14 days: every quiet Sunday is a "drop".
        List<Anomaly> flat = detect(TestConfigs.detection(Map.of("audit.ai.detection.statistical.weekday-adjustment", "false")),
                history, 7);
        assertFalse(flat.isEmpty(), "without the weekday profile the Sundays should look like drops");
        assertTrue(flat.stream().allMatch(a -> a.detector().equals("volume-drop")
                && a.windowStart().atZone(ZoneOffset.UTC).plusHours(12).getDayOfWeek() == DayOfWeek.SUNDAY),
                explained(flat).toString());
    }

    @Test
    void threeTimesAQuietSundayIsASpikeEvenThoughItIsAnOrdinaryWeekdayVolume() {
        // Day 20 is Sunday 2026-11-15: three Sundays' worth of sales is about one Monday's.
        SyntheticHistory history = new SyntheticHistory(22L).weeklyRhythm().normal(List.of()).spike("2", 20, 3);
        List<Anomaly> found = detect(TestConfigs.detection(), history, 14);
        assertEquals(List.of("volume-spike@2"), found.stream().filter(a -> a.detector().startsWith("volume"))
                .map(a -> a.detector() + "@" + a.branchId()).toList(), explained(found).toString());
        assertTrue(found.get(0).explanation().contains("scaled to the weekday"), found.get(0).explanation());

        List<Anomaly> flat = detect(TestConfigs.detection(Map.of("audit.ai.detection.statistical.weekday-adjustment", "false")),
                history, 14);
        assertTrue(flat.stream().noneMatch(a -> a.detector().equals("volume-spike")), explained(flat).toString());
    }

    @Test
    void anHourOfUnusualTakingsIsAValueSpikeAndNothingElse() {
        // Fifteen extra sales of the 42.00 product in one afternoon hour: about four times the hour's
        // usual takings, while the day's count and the product's units stay within their noise.
        SyntheticHistory history = new SyntheticHistory(25L).weeklyRhythm().normal(List.of()).burst("1", 24, 14, "3", 15);
        List<Anomaly> found = detect(TestConfigs.detection(), history, 21);
        Instant hour = SyntheticHistory.FIRST_DAY.plusDays(24).atTime(14, 0).atZone(history.reference().branch("1").zone())
                .toInstant();
        assertEquals(List.of("sales-value-spike@1@" + hour), found.stream()
                .map(a -> a.detector() + "@" + a.branchId() + "@" + a.windowStart()).toList(), explained(found).toString());
    }

    @Test
    void eventsFromLongBeforeTheCaptureDoNotMakeTheDaysBeforeItZeroes() {
        // A snapshot's users carry their created_at (years back): the trail's first event, but no
        // evidence that the branches sold nothing in the weeks before the capture began.
        SyntheticHistory history = new SyntheticHistory(23L, 21).weeklyRhythm().normal(List.of());
        Instant hired = Instant.parse("2023-06-22T00:00:00Z");
        BusinessEvent created = Ev.of("user.created").branch("1").tx("snap:1").at(hired).subject("user", "c1-0").build();
        List<Anomaly> found = detect(TestConfigs.detection(), history, List.of(created), 0, history.end(), hired,
                history.end());
        assertEquals(List.of(), explained(found));
    }

    @Test
    void aDayIsJudgedOnlyOnceItHasClosed() {
        SyntheticHistory history = new SyntheticHistory(24L, 21).normal(List.of());
        Instant twoDaysLater = history.end().plus(Duration.ofDays(2));
        // Asked about a window that reaches past now: the days after the last sale are not over yet.
        assertEquals(List.of(), explained(detect(TestConfigs.detection(), history, List.of(), 14, twoDaysLater,
                history.start(), history.end())));
        // Once they are over, a day without a single sale in every branch is a drop indeed.
        List<Anomaly> later = detect(TestConfigs.detection(), history, List.of(), 14, twoDaysLater, history.start(),
                twoDaysLater.plus(Duration.ofDays(1)));
        assertEquals(Set.of("1", "2", "3"), later.stream().filter(a -> a.detector().equals("volume-drop"))
                .map(Anomaly::branchId).collect(Collectors.toSet()), explained(later).toString());
    }
}
