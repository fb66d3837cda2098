package io.auditoverlay.simulator.cli;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.action.PosAction;
import io.auditoverlay.simulator.activity.LiveGenerator;
import io.auditoverlay.simulator.anomaly.LabelFile;
import io.auditoverlay.simulator.state.ChainState;
import io.auditoverlay.simulator.write.LiveWriter;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate live}: the chain trading now, at a steady rate, until stopped. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Writes the chain's activity in real time, at a steady rate, until Ctrl-C or --duration.",
            "Timestamps are the moment of writing; branches trade in their local opening hours unless --ignore-opening-hours."})
public final class LiveCommand implements Callable<Integer> {

    private static final Duration TICK = Duration.ofMillis(100);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AnomalyOptions anomalies;

    @Mixin
    BranchOption only;

    @Option(names = "--tps", defaultValue = "20", description = "Source transactions per second (default ${DEFAULT-VALUE}).")
    double tps;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, ISO-8601 (e.g. PT10M); default: until interrupted.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--anomalies-per-hour", defaultValue = "6", paramLabel = "N",
            description = "Anomalies injected per hour, the classes in turn (default ${DEFAULT-VALUE}).")
    double anomaliesPerHour;

    @Option(names = "--ignore-opening-hours",
            description = "Let every branch trade whatever its local time (demos at night); after-hours anomalies then cannot happen.")
    boolean ignoreHours;

    @Option(names = "--no-progress", description = "No progress line (for scripts and logs).")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (tps <= 0 || tps > 100_000) {
            throw new IllegalArgumentException("--tps must be between 0 and 100000, got " + tps);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
        ChainState state;
        try (Connection c = connection.database().connect()) {
            state = only.apply(ChainState.load(c));
        }
        // The schema keeps milliseconds; so do the business timestamps and the labels.
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant deadline = duration == null ? null : start.plus(duration);
        LiveGenerator generator = new LiveGenerator(state, seed, tps, anomalies.settings(anomaliesPerHour),
                ignoreHours, start);
        if (!generator.anyOpen(start)) {
            System.err.println("simulate live: every branch is closed at " + start
                    + " (local opening hours); nothing is written until one opens. --ignore-opening-hours trades anyway.");
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Ctrl-C: stop drawing new actions, let the writer commit what it has, write the labels.
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "live-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(state, start, deadline, generator, stopping);
        } finally {
            done.countDown();
        }
    }

    private int run(ChainState state, Instant start, Instant deadline, LiveGenerator generator, AtomicBoolean stopping)
            throws Exception {
        long tx;
        long rows;
        int labelled = 0;
        try (LabelFile labels = anomalies.labels == null ? null : LabelFile.create(anomalies.labels);
             Progress progress = new Progress("live", -1, !noProgress);
             LiveWriter writer = new LiveWriter(connection.database(), progress, generator::reassign)) {
            Instant last = start;
            while (!stopping.get() && (deadline == null || last.isBefore(deadline))) {
                Thread.sleep(Math.max(1, Duration.between(Instant.now(), last.plus(TICK)).toMillis()));
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                if (deadline != null && now.isAfter(deadline)) {
                    now = deadline;
                }
                List<PosAction> actions = generator.tick(last, now);
                writer.write(actions);
                labelled += write(labels, generator.finishedLabels(now));
                last = now;
            }
            labelled += write(labels, generator.remainingLabels());
            tx = writer.stats().transactions();
            rows = writer.stats().rowChanges();
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        System.out.printf("live: %d transactions, %d source row changes in %.1f s (%.1f tx/s); %d anomalies labelled%s%n",
                tx, rows, seconds, tx / seconds, labelled, anomalies.labels == null ? "" : " in " + anomalies.labels);
        return 0;
    }

    private static int write(LabelFile file, List<AnomalyLabel> labels) throws IOException {
        if (file != null) {
            file.writeAll(labels);
        }
        return labels.size();
    }
}
