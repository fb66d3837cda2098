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
     * arrived and marked partial. Counted from its first message. The consumer's
     * {@code throttled.unprocessed-record-max-age.ms} follows it ({@link IntakeConfig#ackMargin()}).
     */
    @WithDefault("30s")
    Duration transactionTimeout();

    /**
     * How long a transaction whose END marker has arrived may wait for the changes it announced.
     * Longer than {@link #transactionTimeout()}: while the normalizer catches up with a backlog,
     * its raw topics advance at different paces, and a transaction's rows can trail its END
     * marker by minutes; closing it early would infer, say, a sale without its items. The
     * consumer's {@code throttled.unprocessed-record-max-age.ms} follows it
     * ({@link IntakeConfig#ackMargin()}).
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

    /** How much the consumer takes in ahead of the writer (docs/reliability.md, "Bounded intake"). */
    IntakeConfig intake();

    /** How long to wait for the broker to acknowledge published business events. */
    @WithDefault("30s")
    Duration publishTimeout();

    /**
     * Most change ids a business event carries on {@code audit.business}; beyond it the list is cut
     * there (the stored event keeps every id) and {@code sourceEventCount} gives the whole count. At
     * about 39 bytes an id, the default keeps one event near 3.9 MB, well below the 16 MB the
     * producer and the broker allow: a bulk transaction never blocks the topic.
     */
    @WithDefault("100000")
    int topicMaxSourceIds();

    interface IntakeConfig {

        /**
         * Records of closed transactions waiting for the writer or being written (consumed, not yet
         * acknowledged) above which the consumer is paused. Open transactions do not count: the
         * records that complete them are behind the paused position; max-pending-records bounds those.
         */
        @WithDefault("20000")
        int maxQueuedRecords();

        /** The consumer resumes once the writer has brought the queued records down to this. */
        @WithDefault("10000")
        int resumeQueuedRecords();

        /**
         * How long a record may wait for its acknowledgement beyond the longer transaction timeout
         * (time in the consumer's buffer and while paused, then in the writer's queue and batch):
         * the consumer's {@code throttled.unprocessed-record-max-age.ms} is derived from both
         * ({@code UnackedAgeConfigSource}) unless INFERENCE_MAX_UNACKED_AGE_MS is set.
         */
        @WithDefault("5m")
        Duration ackMargin();
    }

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

        /** First delay before retrying a failed batch (doubles up to {@link #maxBackoff()}). */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
