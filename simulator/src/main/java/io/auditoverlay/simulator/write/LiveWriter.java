package io.auditoverlay.simulator.write;

import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.db.Database;
import io.auditoverlay.simulator.state.ChainState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * Live mode's writer: one transaction per round trip, on the caller's thread, so that each
 * commit happens at (almost) its business time. The database may have other writers then (a
 * till, a smoke test): when an id the simulator chose is taken meanwhile, the transaction rolls
 * back whole and is retried with fresh ids.
 */
public final class LiveWriter implements AutoCloseable {

    private static final int RETRIES = 5;

    private final Connection connection;
    private final Statement statement;
    private final WriteStats stats = new WriteStats();
    private final LongConsumer progress;
    private final BiConsumer<PosAction, Map<String, Long>> reassign;

    /** @param reassign gives an action new ids above the given per-table maxima */
    public LiveWriter(Database database, LongConsumer progress, BiConsumer<PosAction, Map<String, Long>> reassign)
            throws SQLException {
        this.connection = database.connect();
        this.connection.setAutoCommit(true);
        this.statement = connection.createStatement();
        this.progress = progress;
        this.reassign = reassign;
    }

    public WriteStats stats() {
        return stats;
    }

    public void write(List<PosAction> actions) throws SQLException {
        StringBuilder sql = new StringBuilder(4096);
        for (PosAction action : actions) {
            for (int attempt = 1; ; attempt++) {
                sql.setLength(0);
                long rows = PartitionedWriter.script(List.of(action), sql);
                try {
                    statement.execute(sql.toString());
                    stats.add(1, rows);
                    progress.accept(1);
                    break;
                } catch (SQLException e) {
                    statement.execute("ROLLBACK");
                    if (!"23000".equals(e.getSQLState()) || attempt == RETRIES) {
                        throw new SQLException("writing " + action.getClass().getSimpleName() + " at " + action.at()
                                + " failed: " + e.getMessage(), e.getSQLState(), e);
                    }
                    reassign.accept(action, ChainState.maxIds(connection));
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
