package io.auditoverlay.normalizer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of the normalizer ({@code audit.normalizer.*}). */
@ConfigMapping(prefix = "audit.normalizer")
public interface NormalizerConfig {

    /**
     * Columns whose values never leave the normalizer: {@code table.column} patterns where
     * {@code *} matches any run of characters ({@code customers.*}, {@code *.national_id}).
     * A pattern may be qualified by database too ({@code pharmacy.customers.phone}).
     */
    @WithDefault("customers.full_name,customers.phone,customers.national_id,customers.birth_date")
    List<String> maskedColumns();

    /** The row column that carries the branch id, per table; tables not listed use {@link #branchColumn()}. */
    @WithDefault("branches=id")
    Map<String, String> branchColumnByTable();

    /** The row column that carries the branch id by default. */
    @WithDefault("branch_id")
    String branchColumn();

    /** The branch of a source whose rows carry none (one Debezium source per branch database). */
    Map<String, String> sourceBranch();

    /**
     * Primary key columns per {@code db.table}, used only when a record arrives without a
     * Debezium key (a shipper that dropped it). Without an entry, {@code id} is used if present.
     */
    Map<String, List<String>> keyColumns();

    /** How long to keep retrying a batch while PostgreSQL or Kafka is unreachable before failing the channel. */
    @WithDefault("PT10M")
    Duration storeRetryLimit();

    /**
     * Regular expression of the raw topics to consume: Debezium's {@code <prefix>.<db>.<table>}
     * and {@code <prefix>.transaction}. The consumer channel reads it.
     */
    String rawTopicPattern();

    /**
     * Threads that map a batch's records and forward them while the batch is being stored; 0
     * means one per available processor.
     */
    @WithDefault("0")
    int workerThreads();

    /**
     * On SIGTERM, how long to wait for the batches already received to be stored, forwarded and
     * acknowledged (the consumer is paused first) before the service stops anyway; what is left
     * unfinished is redelivered after the restart. Keep it under the orchestrator's grace period.
     */
    @WithDefault("PT25S")
    Duration drainTimeout();

    /**
     * Hash-chain the stored changes (docs/integrity.md): each batch's rows of a source become one
     * link of that source's chain. Off only to measure what it costs; {@code auditctl verify}
     * then reports the unchained rows.
     */
    @WithDefault("true")
    boolean hashChain();

    /**
     * During a catch-up, how far (by the records' Kafka timestamps) one raw topic may run ahead
     * of the slowest topic that still has records to read before it is paused until the others
     * come level. The consumer fetches the same bytes from every topic, not the same span of the
     * binlog, so without it a transaction's rows reach {@code audit.changes} minutes apart and
     * inference-service closes them as fragments (docs/architecture.md). {@code PT0S} turns it off.
     */
    @WithDefault("PT1S")
    Duration maxTopicSkew();

    /** Optional: a fixed branch for every source, for single-branch installations. */
    Optional<String> defaultBranch();
}
