package io.auditoverlay.inference.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntakeGateTest {

    private final AtomicLong clock = new AtomicLong();
    private final IntakeGate gate = new IntakeGate(100, 40, clock::get);

    @Test
    void admitsUpToTheMarkThenPausesUntilTheResumeMark() {
        gate.queued(100);
        assertTrue(gate.admit().toCompletableFuture().isDone(), "at the mark the consumer reads on");
        gate.queued(5);
        CompletableFuture<Void> paused = gate.admit().toCompletableFuture();
        assertFalse(paused.isDone());
        assertTrue(gate.paused());
        assertEquals(1, gate.pauses());
        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        gate.released(60);
        assertFalse(paused.isDone(), "45 queued: still above the resume mark");
        assertEquals(paused, gate.admit().toCompletableFuture(), "one pause, not a second one");
        gate.released(5);
        assertTrue(paused.isDone(), "40 queued: resumed");
        assertFalse(gate.paused());
        assertEquals(Duration.ofSeconds(3), gate.pausedTime());
        assertEquals(105, gate.highWater());
        assertEquals(40, gate.queuedRecords());
        assertEquals(1, gate.pauses());
    }

    @Test
    void aReleaseBeforeTheConsumerAsksLeavesNothingToWaitFor() {
        gate.queued(150);
        gate.released(150);
        assertTrue(gate.admit().toCompletableFuture().isDone());
        assertEquals(0, gate.pauses());
    }

    @Test
    void openingReleasesAPausedConsumer() {
        gate.queued(101);
        CompletableFuture<Void> paused = gate.admit().toCompletableFuture();
        gate.open();
        assertTrue(paused.isDone());
        gate.open();
        assertEquals(1, gate.pauses());
    }

    @Test
    void theIntakeClockStandsStillWhileTheConsumerIsPaused() {
        clock.set(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ofSeconds(10).toNanos(), gate.openNanos());
        gate.queued(101);
        gate.admit();
        clock.addAndGet(Duration.ofSeconds(7).toNanos());
        assertEquals(Duration.ofSeconds(10).toNanos(), gate.openNanos(), "paused for 7 s: no time passed for the intake");
        gate.released(61);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(Duration.ofSeconds(12).toNanos(), gate.openNanos(), "reading again for 2 s");
    }

    @Test
    void marksMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new IntakeGate(10, 10));
        assertThrows(IllegalArgumentException.class, () -> new IntakeGate(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new IntakeGate(10, -1));
    }
}
