package io.auditoverlay.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of ingest-service ({@code audit.ingest.*}). */
@ConfigMapping(prefix = "audit.ingest")
public interface IngestConfig {

    /**
     * Largest request body accepted, in bytes; a bigger one gets 413. Keep
     * {@code quarkus.http.limits.max-body-size} at least as large (it guards bodies without a
     * Content-Length).
     */
    @WithName("max-body-bytes")
    @WithDefault("1048576")
    long maxBodyBytes();

    /** Most events accepted in one batch request. */
    @WithName("max-batch-events")
    @WithDefault("5000")
    int maxBatchEvents();

    /** How long a request waits for Kafka to acknowledge every record before it answers 503. */
    @WithName("kafka-timeout")
    @WithDefault("10s")
    Duration kafkaTimeout();

    /** Seconds sent in {@code Retry-After} with a 503. */
    @WithName("retry-after-seconds")
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * Write a tombstone (same key, null value) after every delete, as Debezium's Kafka sink does with
     * {@code tombstones.on.delete=true}. The http sink never sends tombstones. Off by default because
     * the project's Debezium configurations set {@code tombstones.on.delete=false}.
     */
    @WithName("tombstones-after-delete")
    @WithDefault("false")
    boolean tombstonesAfterDelete();

    /** The header (sent as {@code X-DEBEZIUM-<NAME>} by the http sink) holding the record key. */
    @WithName("key-header")
    @WithDefault("audit.key")
    String keyHeader();

    /** The header (sent as {@code X-DEBEZIUM-<NAME>} by the http sink) holding the branch token. */
    @WithName("token-header")
    @WithDefault("ingest.token")
    String tokenHeader();

    /** Prefix the http sink puts before record header names ({@code debezium.sink.http.headers.prefix}). */
    @WithName("debezium-header-prefix")
    @WithDefault("X-DEBEZIUM-")
    String debeziumHeaderPrefix();

    /**
     * The branches allowed to write, by name. Each holds the SHA-256 of its token and the one topic
     * prefix it may write to. No entry, no access.
     */
    Map<String, Branch> branches();

    /** One branch's credentials. */
    interface Branch {

        /** Hex SHA-256 of the branch's bearer token ({@code printf %s "$TOKEN" | sha256sum}). */
        @WithName("token-sha256")
        String tokenSha256();

        /** The Debezium topic prefix ({@code topic.prefix}) the branch writes; it may write no other. */
        @WithName("topic-prefix")
        String topicPrefix();

        /**
         * The branch id its rows carry (the value of their branch column), for a source that holds one
         * branch. Set, a row naming another branch is refused (400) and nothing of the request is
         * written; unset (a central database holding several branches), rows are not checked.
         */
        @WithName("branch-id")
        Optional<String> branchId();
    }

    /** The row column that carries the branch id (as the normalizer reads it). */
    @WithName("branch-column")
    @WithDefault("branch_id")
    String branchColumn();

    /** Tables whose branch column is another one ({@code branches=id}). */
    @WithName("branch-column-by-table")
    @WithDefault("branches=id")
    Map<String, String> branchColumnByTable();
}
