package io.auditoverlay.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the inference service ({@code audit.inference.*}). */
@ConfigMapping(prefix = "audit.inference")
public interface InferenceConfig {

    /** Which rules to apply. */
    RulesConfig rules();

    /**
     * How long a transaction without its END marker may stay open before it is inferred from what
     * arrived and marked partial. Counted from its first message. Must stay well below the
     * consumer's {@code throttled.unprocessed-record-max-age.ms}.
     */
    @WithDefault("30s")
    Duration transactionTimeout();

    /**
     * How long a transaction whose END marker has arrived may wait for the changes it announced.
     * Longer than {@link #transactionTimeout()}: while the normalizer catches up with a backlog,
     * its raw topics advance at different paces, and a transaction's rows can trail its END
     * marker by minutes; closing it early would infer, say, a sale without its items. Must stay
     * below the consumer's {@code throttled.unprocessed-record-max-age.ms}.
     */
    @WithDefault("10m")
    Duration incompleteTransactionTimeout();

    /**
     * Most records (changes and END markers) that open transactions may hold in memory. When a
     * record would exceed it, the oldest open transactions are closed as partial, as their timeout
     * would have closed them, only earlier (a later fragment is inferred again). Sized for the
     * shipped heap: see the README, "Memory".
     */
    @WithDefault("100000")
    int maxPendingRecords();

    /** How often open transactions are checked against the timeout. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** Batching of the writer. */
    BatchConfig batch();

    /** How long to wait for the broker to acknowledge published business events. */
    @WithDefault("30s")
    Duration publishTimeout();

    interface RulesConfig {

        /** A rules file on disk; when set it replaces the shipped rules. */
        Optional<String> file();

        /** The shipped rules, on the class path. */
        @WithDefault("rules/pharmacy.yaml")
        String resource();
    }

    interface BatchConfig {

        /** Most transactions written in one database transaction. */
        @WithDefault("500")
        int maxTransactions();

        /** How long the writer waits for a first closed transaction before it looks again. */
        @WithDefault("50ms")
        Duration maxWait();

        /** Closed transactions waiting for the writer beyond which the consumer is paused. */
        @WithDefault("5000")
        int maxBacklog();

        /** First delay before retrying a failed batch (doubles up to {@link #maxBackoff()}). */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
