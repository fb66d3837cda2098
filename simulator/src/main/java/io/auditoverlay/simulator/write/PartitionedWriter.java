package io.auditoverlay.simulator.write;

import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Writes actions through several connections, each owning the branches with {@code id % n == k}:
 * a branch's transactions commit in business-time order on one connection, while different
 * branches (which share no rows but the product catalogue) commit in parallel.
 *
 * <p>Each action is one transaction ({@code START TRANSACTION … COMMIT}); up to
 * {@code perRoundTrip} of them are sent in one multi-statement round trip, which saves the
 * network and parsing latency without merging transactions.
 */
public final class PartitionedWriter implements AutoCloseable {

    private static final List<PosAction> END = List.of();

    private final List<BlockingQueue<List<PosAction>>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final WriteStats stats = new WriteStats();
    private final int perRoundTrip;
    private final LongConsumer progress;

    public PartitionedWriter(Database database, int partitions, int perRoundTrip, LongConsumer progress)
            throws SQLException {
        if (partitions < 1 || perRoundTrip < 1) {
            throw new IllegalArgumentException("writers and transactions per round trip must be at least 1");
        }
        this.perRoundTrip = perRoundTrip;
        this.progress = progress;
        for (int k = 0; k < partitions; k++) {
            BlockingQueue<List<PosAction>> queue = new ArrayBlockingQueue<>(4);
            Connection connection = database.connect();
            queues.add(queue);
            Thread thread = new Thread(() -> drain(connection, queue), "writer-" + k);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    public WriteStats stats() {
        return stats;
    }

    /** Hands a batch of actions (ids assigned, in business-time order) to the writers. */
    public void submit(List<PosAction> actions) {
        List<List<PosAction>> parts = new ArrayList<>();
        for (int k = 0; k < queues.size(); k++) {
            parts.add(new ArrayList<>());
        }
        for (PosAction action : actions) {
            parts.get(action.branchId() % queues.size()).add(action);
        }
        for (int k = 0; k < queues.size(); k++) {
            if (!parts.get(k).isEmpty()) {
                put(queues.get(k), parts.get(k));
            }
        }
    }

    /** Waits until everything submitted is committed; rethrows the first writer failure. */
    @Override
    public void close() {
        for (BlockingQueue<List<PosAction>> queue : queues) {
            if (failure.get() == null) {
                put(queue, END);
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the writers", e);
            }
        }
        check();
    }

    private void put(BlockingQueue<List<PosAction>> queue, List<PosAction> chunk) {
        try {
            while (!queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing actions to the writers", e);
        }
        check();
    }

    private void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new WriteFailedException(t);
        }
    }

    private void drain(Connection connection, BlockingQueue<List<PosAction>> queue) {
        try (connection; Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            StringBuilder sql = new StringBuilder(64 * 1024);
            while (failure.get() == null) {
                List<PosAction> chunk = queue.poll(200, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    continue;
                }
                if (chunk == END) {
                    return;
                }
                for (int i = 0; i < chunk.size(); i += perRoundTrip) {
                    List<PosAction> group = chunk.subList(i, Math.min(chunk.size(), i + perRoundTrip));
                    sql.setLength(0);
                    long rows = script(group, sql);
                    try {
                        statement.execute(sql.toString());
                    } catch (SQLException e) {
                        rollbackQuietly(statement);
                        String hint = "23000".equals(e.getSQLState())
                                ? " (history chooses its own ids and must be the only writer of the POS tables while it runs)" : "";
                        throw new SQLException("writing " + group.get(0).getClass().getSimpleName() + " at "
                                + group.get(0).at() + " failed: " + e.getMessage() + hint, e.getSQLState(), e);
                    }
                    stats.add(group.size(), rows);
                    progress.accept(group.size());
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Appends one {@code START TRANSACTION … COMMIT} block per action and returns the row changes
     * they make. Package-visible for the tests that check transaction shapes.
     */
    static long script(List<PosAction> actions, StringBuilder sql) {
        long rows = 0;
        for (PosAction action : actions) {
            sql.append("START TRANSACTION;\n");
            action.render(sql);
            sql.append("COMMIT;\n");
            rows += action.rowChanges();
        }
        return rows;
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the connection is being abandoned; the server rolls back an open transaction on close anyway
        }
    }

    /** A writer could not commit; the run stops with the database's own message. */
    public static final class WriteFailedException extends RuntimeException {
        WriteFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
