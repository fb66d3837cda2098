package io.auditoverlay.query.accesslog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Records accesses off the request's path: {@link #record} writes the JSON log line at once and
 * queues the row; one writer thread inserts queued rows in batches. Rows that cannot be inserted
 * stay queued and are retried; at shutdown the queue is drained before the datasource closes, so
 * a clean stop loses nothing (and every access is in the JSON file log in any case).
 */
@ApplicationScoped
public class AccessLog {

    /** The logger category of access lines (the JSON file log carries them with their fields as MDC). */
    public static final String CATEGORY = "audit.access";

    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private static final Logger ACCESS = Logger.getLogger(CATEGORY);
    private static final int BATCH = 500;

    private final LinkedBlockingQueue<AccessLogEntry> queue = new LinkedBlockingQueue<>();
    private final Counter written;
    private final Counter failures;
    private volatile boolean running;
    private Thread writer;

    public AccessLog(MeterRegistry meters) {
        meters.gauge("audit.access.log.pending", queue, LinkedBlockingQueue::size);
        this.written = meters.counter("audit.access.log.written");
        this.failures = meters.counter("audit.access.log.failures");
    }

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::run, "access-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        int left = drain(3);
        if (left > 0) {
            LOG.errorf("%d access-log rows could not be stored at shutdown (they are in the JSON file log)", left);
        }
    }

    /** Logs the access now and queues its row; never blocks on the database. */
    public void record(AccessLogEntry entry) {
        log(entry);
        queue.add(entry);
    }

    /** Rows still waiting for the database. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        warmUp();
        while (running) {
            try {
                AccessLogEntry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<AccessLogEntry> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                if (!store(batch)) {
                    requeue(batch);
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The first query of the ORM builds its metamodel and query plans (over a second): not on an auditor's request. */
    private static void warmUp() {
        try {
            QuarkusTransaction.requiringNew().run(() -> AccessLogEntry.find("actor = ?1", Sort.descending("id"),
                    "").range(0, 0).list());
        } catch (RuntimeException e) {
            LOG.debugf(e, "access-log warm-up failed (the database may not be up yet)");
        }
    }

    /** Stores whatever is queued, trying each batch up to {@code attempts} times; returns what is left. */
    int drain(int attempts) {
        for (int tries = 0; !queue.isEmpty() && tries < attempts; ) {
            List<AccessLogEntry> batch = new ArrayList<>();
            queue.drainTo(batch, BATCH);
            if (!store(batch)) {
                requeue(batch);
                tries++;
            }
        }
        return queue.size();
    }

    private boolean store(List<AccessLogEntry> batch) {
        try {
            QuarkusTransaction.requiringNew().run(() -> AccessLogEntry.persist(batch));
            written.increment(batch.size());
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            batch.forEach(row -> row.id = null);
            LOG.errorf(e, "could not store %d access-log rows; they stay queued", batch.size());
            return false;
        }
    }

    private void requeue(List<AccessLogEntry> batch) {
        List<AccessLogEntry> rest = new ArrayList<>(batch);
        queue.drainTo(rest);
        queue.addAll(rest);
    }

    private static void log(AccessLogEntry e) {
        MDC.put("actor", e.actor);
        MDC.put("role", e.role);
        MDC.put("channel", e.channel);
        MDC.put("status", Integer.toString(e.status));
        MDC.put("durationMs", Integer.toString(e.durationMs));
        MDC.put("bytes", Long.toString(e.bytes));
        put("method", e.method);
        put("path", e.path);
        put("query", e.query);
        put("tool", e.tool);
        put("arguments", e.arguments);
        put("rows", e.rows == null ? null : e.rows.toString());
        put("client", e.client);
        put("error", e.error);
        try {
            String what = e.tool != null ? "tool " + e.tool : e.method + " " + e.path;
            if (e.status >= 500) {
                ACCESS.errorf("access %s %s by %s (%s): %d", e.channel, what, e.actor, e.role, e.status);
            } else {
                ACCESS.infof("access %s %s by %s (%s): %d", e.channel, what, e.actor, e.role, e.status);
            }
        } finally {
            for (String key : List.of("actor", "role", "channel", "status", "durationMs", "bytes", "method", "path", "query",
                    "tool", "arguments", "rows", "client", "error")) {
                MDC.remove(key);
            }
        }
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
