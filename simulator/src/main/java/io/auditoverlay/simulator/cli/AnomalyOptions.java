package io.auditoverlay.simulator.cli;

import io.auditoverlay.simulator.anomaly.AnomalySettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which anomalies to inject, how often and how strongly, and where to write their labels. */
public final class AnomalyOptions {

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Write one JSON line per injected anomaly to FILE (JSON Lines, see docs/simulator.md).")
    Path labels;

    @Option(names = "--no-anomalies", description = "Inject no anomalies: ordinary activity only.")
    boolean none;

    @Option(names = "--anomaly-magnitude", defaultValue = "1.0", paramLabel = "M",
            description = "Strength of each anomaly: counts, amounts and volume factors scale with it (default ${DEFAULT-VALUE}).")
    double magnitude;

    AnomalySettings settings(double rate) {
        return new AnomalySettings(!none, rate, magnitude);
    }
}
