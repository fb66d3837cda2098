package io.auditoverlay.ai.completeness;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The completeness checks (docs/anomalies.md, "Completeness"): reconciliation of the source's
 * current rows with the trail, and the binlog scan for GTID holes, DDL and TRUNCATE. Off until a
 * source URL is set; they read the source through the capture user, which Debezium's snapshots
 * already need (SELECT, BINLOG MONITOR) — they never write to it.
 */
@ConfigMapping(prefix = "audit.ai.completeness")
public interface CompletenessConfig {

    /** How often the checks run ({@code off} to disable the schedule; POST /api/completeness/runs still works). */
    @WithDefault("6h")
    String every();

    /** JDBC URL of the source database ({@code jdbc:mariadb://host:3306/}); unset: the checks are off. */
    Optional<String> sourceUrl();

    /** The capture user (read-only: SELECT and BINLOG MONITOR are enough). */
    @WithDefault("debezium")
    String sourceUser();

    /** No default: a secret, from the environment or a *_FILE (docs/security.md). */
    Optional<String> sourcePassword();

    /** The source's name in the trail (Debezium's topic prefix, {@code change_event.source}). */
    @WithDefault("pos")
    String sourceName();

    /** The audited databases (Debezium's {@code database.include.list}). */
    @WithDefault("pharmacy")
    List<String> databases();

    /** Only these tables ({@code db.table}); unset: every base table with a primary key in {@link #databases()}. */
    Optional<List<String>> tables();

    /**
     * More sources to check, one per branch database, by a key of lower-case letters and digits
     * ({@code audit.ai.completeness.sources.b002.url}, or {@code AUDIT_AI_COMPLETENESS_SOURCES_B002_URL};
     * the password also as {@code AUDIT_AI_COMPLETENESS_SOURCES_B002_PASSWORD_FILE}). The source above
     * ({@code source-url}) is the first one; each run checks every source in turn.
     */
    Map<String, Source> sources();

    /** One more source: a branch database with its own capture user and its own name in the trail. */
    interface Source {

        /** JDBC URL of the branch database ({@code jdbc:mariadb://host:3306/}). */
        String url();

        /** Its capture user (read-only: SELECT and BINLOG MONITOR). */
        @WithDefault("debezium")
        String user();

        /** No default: a secret. */
        Optional<String> password();

        /** Its name in the trail (its Debezium topic prefix, e.g. {@code pos-b002}). */
        String name();

        /** Its audited databases; unset: the same as the first source's. */
        Optional<List<String>> databases();

        /** Only these tables; unset: the first source's setting. */
        Optional<List<String>> tables();
    }

    /** Rows per key-range chunk (one source query and one trail query each). */
    @WithDefault("2000")
    int chunkRows();

    /** A chunk that differs is read again after this long; only what differs twice, unchanged at the source, is a gap (in-flight changes are not). */
    @WithDefault("PT30S")
    Duration settle();

    /** Pause after each chunk, to spread the reads on the source. */
    @WithDefault("PT0S")
    Duration chunkPause();

    /** Binlog events read per SHOW BINLOG EVENTS call. */
    @WithDefault("20000")
    int binlogBatch();

    /** At most this many binlog events per run (a long backlog is caught up over several runs). */
    @WithDefault("2000000")
    int binlogMaxEventsPerRun();

    /**
     * The normalizer's consumer group ({@code NORMALIZER_GROUP_ID}): a run is skipped while it has
     * more than {@link #maxNormalizerLag()} raw records uncommitted ({@code off}: no such guard).
     */
    @WithDefault("normalizer-service")
    String normalizerGroup();

    /** The raw topics the normalizer reads ({@code RAW_TOPIC_PATTERN}). */
    @WithDefault("pos[^.]*([.](transaction|[^.]+[.][^.]+))?")
    String rawTopicPattern();

    /** Most raw records the normalizer may have uncommitted for a run to compare the source with the trail. */
    @WithDefault("1000")
    long maxNormalizerLag();
}
