package io.auditoverlay.ai.health;

import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A check run on a thread of its own every {@code every}; health checks answer from its last result
 * at once. A probe that hangs (a database that accepts connections and never answers, an Ollama
 * behind a dropped route) therefore never holds up /q/health: its last success just ages until it
 * counts as failed. One daemon thread per probe; a hung probe delays only its own next run.
 */
public final class BackgroundProbe implements AutoCloseable {

    private final ScheduledExecutorService executor;
    private final Clock clock;
    private volatile Instant lastSuccess;
    private volatile String lastError = "not checked yet";
    private volatile boolean lastSucceeded;

    public BackgroundProbe(String name, Callable<String> check, Duration every, Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-probe-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> run(name, check), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(String name, Callable<String> check) {
        try {
            String problem = check.call();
            lastSucceeded = problem == null;
            if (problem == null) {
                lastSuccess = clock.instant();
            } else {
                lastError = problem;
            }
        } catch (Exception e) {
            lastSucceeded = false;
            lastError = String.valueOf(e.getMessage());
            Log.debugf("health probe %s failed: %s", name, e);
        }
    }

    /** Whether the latest probe succeeded, and within the last {@code stale} (a probe that hangs goes stale). */
    public boolean healthy(Duration stale) {
        Instant ok = lastSuccess;
        return lastSucceeded && ok != null && !ok.isBefore(clock.instant().minus(stale));
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
