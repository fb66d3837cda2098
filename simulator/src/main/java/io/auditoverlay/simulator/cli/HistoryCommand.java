package io.auditoverlay.simulator.cli;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.activity.HistoryGenerator;
import io.auditoverlay.simulator.anomaly.LabelFile;
import io.auditoverlay.simulator.state.ChainState;
import io.auditoverlay.simulator.write.PartitionedWriter;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate history}: the past N days of the chain, written as fast as the database takes them. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Writes the chain's activity of the past N days, with business timestamps in the simulated past.")
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AnomalyOptions anomalies;

    @Mixin
    BranchOption only;

    @Option(names = "--days", required = true, description = "Days of history to write.")
    int days;

    @Option(names = "--sales-per-day", defaultValue = "10000",
            description = "Average sales per day, chain-wide or of the one --branch (default ${DEFAULT-VALUE}).")
    double salesPerDay;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed on the same database gives the same rows (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--until", paramLabel = "INSTANT",
            description = "End of the simulated window, ISO-8601 (e.g. 2026-11-25T00:00:00Z); default: now, to the second.")
    Instant until;

    @Option(names = "--anomaly-rate", defaultValue = "1.0", paramLabel = "PER_WEEK",
            description = "Incidents of each anomaly class per simulated week, chain-wide; at least one each (default ${DEFAULT-VALUE}).")
    double anomalyRate;

    @Option(names = "--writers", defaultValue = "2",
            description = "Parallel connections, each owning a share of the branches (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--batch", defaultValue = "64",
            description = "Transactions sent per round trip, each still its own transaction (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--no-progress", description = "No progress bar (for scripts and logs).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("--days must be between 1 and 3660, got " + days);
        }
        if (salesPerDay <= 0) {
            throw new IllegalArgumentException("--sales-per-day must be positive, got " + salesPerDay);
        }
        Instant end = until != null ? until : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ChainState state;
        try (Connection c = connection.database().connect()) {
            state = only.apply(ChainState.load(c));
        }
        HistoryGenerator generator = new HistoryGenerator(state, seed, days, salesPerDay, end,
                anomalies.settings(anomalyRate));
        Map<String, Long> kinds = new TreeMap<>();
        long started = System.nanoTime();
        long tx;
        long rows;
        try (Progress progress = new Progress("history", generator.estimatedTransactions(), !noProgress);
             PartitionedWriter writer = new PartitionedWriter(connection.database(),
                     Math.min(writers, state.branches.size()), batch, progress)) {
            generator.run(day -> {
                for (PosAction a : day) {
                    kinds.merge(a.getClass().getSimpleName(), 1L, Long::sum);
                }
                writer.submit(day);
            });
            writer.close();
            tx = writer.stats().transactions();
            rows = writer.stats().rowChanges();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<AnomalyLabel> labels = generator.labels();
        if (anomalies.labels != null) {
            try (LabelFile file = LabelFile.create(anomalies.labels)) {
                file.writeAll(labels);
            }
        }
        System.out.printf("history %s .. %s: %d transactions, %d source row changes in %.1f s (%.0f tx/s, %.0f rows/s)%n",
                generator.from(), generator.until(), tx, rows, seconds, tx / seconds, rows / seconds);
        System.out.println("actions: " + kinds);
        System.out.println("anomalies: " + labels.size() + " labelled"
                + (anomalies.labels != null ? " in " + anomalies.labels : " (no --labels file given)"));
        return 0;
    }
}
