package io.auditoverlay.normalizer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicAlignmentTest {

    private static final TopicPartition SALES = new TopicPartition("pos.pharmacy.sales", 0);
    private static final TopicPartition INVENTORY = new TopicPartition("pos.pharmacy.inventory", 0);
    private static final TopicPartition TX = new TopicPartition("pos.transaction", 0);

    @Test
    void aTopicAheadOfTheSlowestByMoreThanTheSkewIsPaused() {
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L, INVENTORY, 40_000L, TX, 49_000L), Set.of(), 10_000);
        assertEquals(Set.of(SALES), d.pause());
        assertEquals(Set.of(), d.resume());
    }

    @Test
    void theSlowestTopicIsNeverPausedSoTheConsumerAlwaysHasSomethingToFetch() {
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L, INVENTORY, 40_000L, TX, 90_000L), Set.of(), 0);
        assertEquals(Set.of(SALES, TX), d.pause());
        assertFalse(d.pause().contains(INVENTORY));
    }

    @Test
    void aPausedTopicIsResumedWhenTheOthersComeLevel() {
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L, INVENTORY, 95_000L), Set.of(SALES), 10_000);
        assertEquals(Set.of(SALES), d.resume());
        assertEquals(Set.of(), d.pause());
    }

    @Test
    void aPausedTopicStaysPausedWhileStillAheadAndIsNotPausedTwice() {
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L, INVENTORY, 50_000L), Set.of(SALES), 10_000);
        assertEquals(Set.of(), d.pause());
        assertEquals(Set.of(), d.resume());
    }

    @Test
    void aTopicWithNothingLeftToReadHoldsNothingBack() {
        // the slow topic has caught up (not among those behind): the paused one goes on
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L), Set.of(SALES), 10_000);
        assertEquals(Set.of(SALES), d.resume());
        var none = TopicAlignment.decide(Map.of(), Set.of(SALES, TX), 10_000);
        assertEquals(Set.of(SALES, TX), none.resume());
    }

    @Test
    void liveTrafficWithinTheSkewPausesNothing() {
        var d = TopicAlignment.decide(Map.of(SALES, 100_000L, INVENTORY, 99_000L, TX, 100_500L), Set.of(), 10_000);
        assertEquals(Set.of(), d.pause());
        assertEquals(Set.of(), d.resume());
    }
}
