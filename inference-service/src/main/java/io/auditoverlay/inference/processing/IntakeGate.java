package io.auditoverlay.inference.processing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Bounds the records of closed transactions that wait for the writer or are being written
 * ("queued": consumed, not yet acknowledged, no longer open). Above {@code maxQueued} the consumer
 * is paused (the stage {@link #admit} returns completes later); it resumes once the writer has
 * brought them down to {@code resumeQueued} (hysteresis: one pause covers many batches instead of
 * pausing and resuming on every one).
 *
 * <p>Cannot deadlock: only queued records count, and the writer drains them without reading
 * anything more. Open transactions are not counted: their completing records are behind the
 * paused position (docs/reliability.md, "Bounded intake"); the assembler's cap on pending
 * records bounds those instead. Thread-safe.
 */
public final class IntakeGate {

    private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

    private final int maxQueued;
    private final int resumeQueued;
    private final LongSupplier clock;
    private long queued;
    private long highWater;
    private long pauses;
    private long pausedNanos;
    private long pausedSince;
    private CompletableFuture<Void> resumed = OPEN;

    public IntakeGate(int maxQueued, int resumeQueued) {
        this(maxQueued, resumeQueued, System::nanoTime);
    }

    /** @param clock monotonic nanoseconds (tests drive their own) */
    public IntakeGate(int maxQueued, int resumeQueued, LongSupplier clock) {
        if (maxQueued < 1 || resumeQueued < 0 || resumeQueued >= maxQueued) {
            throw new IllegalArgumentException("intake marks must satisfy 0 <= resume < max, were resume=" + resumeQueued
                    + " max=" + maxQueued);
        }
        this.maxQueued = maxQueued;
        this.resumeQueued = resumeQueued;
        this.clock = clock;
    }

    /** Records of transactions that closed (complete, timed out or at the cap) joined the queue. */
    public synchronized void queued(int records) {
        queued += records;
        highWater = Math.max(highWater, queued);
    }

    /**
     * What the consumer waits for before it reads on: done at once below the mark, otherwise a
     * stage that completes when the writer has drained the queue to the resume mark.
     */
    public synchronized CompletionStage<Void> admit() {
        if (resumed.isDone() && queued > maxQueued) {
            resumed = new CompletableFuture<>();
            pauses++;
            pausedSince = clock.getAsLong();
        }
        return resumed;
    }

    /** The writer acknowledged these records (stored and published). */
    public void released(int records) {
        CompletableFuture<Void> resume = null;
        synchronized (this) {
            queued -= records;
            if (!resumed.isDone() && queued <= resumeQueued) {
                resume = resumeNow();
            }
        }
        if (resume != null) {
            resume.complete(null);
        }
    }

    /** Lets the consumer go whatever the queue (the pipeline stops). */
    public void open() {
        CompletableFuture<Void> resume;
        synchronized (this) {
            resume = resumed.isDone() ? null : resumeNow();
        }
        if (resume != null) {
            resume.complete(null);
        }
    }

    private CompletableFuture<Void> resumeNow() {
        pausedNanos += clock.getAsLong() - pausedSince;
        return resumed;
    }

    public synchronized long queuedRecords() {
        return queued;
    }

    /** The most records ever queued at once since start. */
    public synchronized long highWater() {
        return highWater;
    }

    public synchronized boolean paused() {
        return !resumed.isDone();
    }

    /** How many times the consumer was paused since start. */
    public synchronized long pauses() {
        return pauses;
    }

    /** Time spent paused since start, the current pause included. */
    public synchronized Duration pausedTime() {
        long current = resumed.isDone() ? 0 : clock.getAsLong() - pausedSince;
        return Duration.ofNanos(pausedNanos + current);
    }

    /**
     * The intake clock: monotonic nanoseconds that stand still while the consumer is paused (the
     * transaction timeouts run on it: a paused consumer receives nothing, so waiting then is not
     * a transaction's messages failing to come).
     */
    public synchronized long openNanos() {
        long now = clock.getAsLong();
        return now - pausedNanos - (resumed.isDone() ? 0 : now - pausedSince);
    }

    public int maxQueued() {
        return maxQueued;
    }

    public int resumeQueued() {
        return resumeQueued;
    }
}
