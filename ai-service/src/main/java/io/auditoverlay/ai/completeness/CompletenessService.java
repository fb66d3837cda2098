package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.anomaly.AnomalyRepository;
import io.auditoverlay.ai.config.SourceConfig;
import io.auditoverlay.ai.detect.AnomalyBuilder;
import io.auditoverlay.ai.messaging.AnomalyPublisher;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.anomaly.Severity;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The completeness checks of each source (docs/anomalies.md, "Completeness"): the reconciliation
 * of every audited table with the trail, then the binlog scan. What differs is read again after
 * {@code audit.ai.completeness.settle}; what still differs becomes a HIGH anomaly. Read-only at the
 * source; one run of a source at a time. A run is skipped (and recorded as skipped, with the reason) while
 * the normalizer has a raw-topic backlog ({@link NormalizerLag}): the trail is behind the source.
 */
@ApplicationScoped
public class CompletenessService {

    private final CompletenessConfig config;
    private final AgroalDataSource audit;
    private final AnomalyRepository anomalies;
    private final AnomalyPublisher publisher;
    private final CompletenessRuns runs;
    private final Clock clock;
    private final NormalizerLag lag;
    /** Each source's readers, by its name in the trail, in configuration order. */
    private final Map<String, Checks> checks = new LinkedHashMap<>();
    /** Settle periods a run waits at most for a lagging trail before it defers what differs. */
    static final int MAX_SETTLES = 4;

    /** The readers of one source; one run of a source at a time (sources may run side by side). */
    private record Checks(CompletenessSource source, ChunkReader reader, TableReconciler reconciler, BinlogScanner scanner,
            ReentrantLock running) {
    }

    public CompletenessService(CompletenessConfig config, SourceConfig sources, AgroalDataSource audit, AnomalyRepository anomalies,
            AnomalyPublisher publisher, CompletenessRuns runs, ObjectMapper mapper, Clock clock,
            @ConfigProperty(name = "kafka.bootstrap.servers") String kafka) {
        this.config = config;
        this.audit = audit;
        this.anomalies = anomalies;
        this.publisher = publisher;
        this.runs = runs;
        this.clock = clock;
        for (CompletenessSource source : CompletenessSource.of(config)) {
            ChunkReader reader = new ChunkReader(new RowCanon(mapper), mapper, sources.changeEventTable(), source.name());
            checks.put(source.name(), new Checks(source, reader, new TableReconciler(reader, config.chunkRows()),
                    new BinlogScanner(config, source, mapper, sources.changeEventTable()), new ReentrantLock()));
        }
        this.lag = "off".equals(config.normalizerGroup()) ? null : new NormalizerLag(kafka, config.normalizerGroup(), config.rawTopicPattern());
    }

    public boolean enabled() {
        return !checks.isEmpty();
    }

    /** The names in the trail of the sources checked, in the order a scheduled run takes them. */
    public List<String> sourceNames() {
        return List.copyOf(checks.keySet());
    }

    /**
     * Runs the checks of one source now ({@code null}: the only one); refuses with
     * IllegalStateException when off or while that source's run is under way, and with
     * IllegalArgumentException for a source not configured, or none named among several.
     */
    public CompletenessReport run(String sourceName) {
        if (!enabled()) {
            throw new IllegalStateException("completeness checks are off: set audit.ai.completeness.source-url (AUDIT_AI_COMPLETENESS_SOURCE_URL)"
                    + " or audit.ai.completeness.sources.<key>.url");
        }
        if (sourceName == null && checks.size() > 1) {
            throw new IllegalArgumentException("several sources are checked (" + String.join(", ", checks.keySet()) + "): name one with ?source=");
        }
        Checks c = sourceName == null ? checks.values().iterator().next() : checks.get(sourceName);
        if (c == null) {
            throw new IllegalArgumentException("no completeness source is named " + sourceName + "; the sources are "
                    + String.join(", ", checks.keySet()));
        }
        if (!c.running().tryLock()) {
            throw new IllegalStateException("a completeness run of " + c.source().name() + " is already under way");
        }
        try {
            return runLocked(c);
        } catch (SQLException e) {
            throw new IllegalStateException("completeness run of " + c.source().name() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("completeness run interrupted", e);
        } finally {
            c.running().unlock();
        }
    }

    private CompletenessReport runLocked(Checks c) throws SQLException, InterruptedException {
        Instant started = clock.instant();
        String behind = normalizerBehind();
        if (behind != null) {
            // The trail has not caught up with the source: every row in flight would be a false gap.
            Log.infof("completeness: run skipped: %s", behind);
            return runs.record(CompletenessReport.skipped(c.source().name(), started, clock.instant(), behind));
        }
        List<Finding> findings = new ArrayList<>();
        int chunks = 0;
        long rows = 0;
        long events;
        int tableCount;
        int deferred = 0;
        try (Connection source = DriverManager.getConnection(c.source().url(), c.source().user(), c.source().password());
             Connection trail = audit.getConnection()) {
            source.setReadOnly(true);
            try (Statement s = source.createStatement()) {
                s.execute("SET SESSION time_zone = '+00:00'");
            }
            List<SourceTable> tables = SourceCatalog.read(source, c.source().databases(), c.source().tables());
            tableCount = tables.size();
            List<TableReconciler.ChunkDiff> suspects = new ArrayList<>();
            for (SourceTable t : tables) {
                ChunkReader.TrailRow truncated = c.reader().lastTruncate(trail, t);
                for (KeyRange r : c.reconciler().ranges(source, t)) {
                    TableReconciler.ChunkDiff diff = c.reconciler().compare(source, trail, t, r, truncated);
                    chunks++;
                    rows += diff.sourceRows();
                    if (!diff.rows().isEmpty()) {
                        suspects.add(diff);
                    }
                    if (!config.chunkPause().isZero()) {
                        Thread.sleep(config.chunkPause().toMillis());
                    }
                }
            }
            // Every change the first reads saw lies before this position of the binlog.
            String[] end = c.scanner().end(source);
            BinlogScanner.Scan scan = c.scanner().scan(source, trail);
            events = scan.events();
            findings.addAll(scan.findings());
            List<BinlogTransactions.Written> absent = c.scanner().absentFromTrail(trail, scan.written());
            if (!suspects.isEmpty() || !absent.isEmpty()) {
                // In flight is not missing: only what still differs, unchanged on both sides, is a gap.
                Thread.sleep(config.settle().toMillis());
                for (int wait = 1; wait < MAX_SETTLES && c.scanner().behind(source, trail, end); wait++) {
                    Thread.sleep(config.settle().toMillis());
                }
                if (c.scanner().behind(source, trail, end)) {
                    // The trail is catching up (after an outage, under a burst): what differs may be in flight.
                    Log.infof("completeness: the trail is still behind the source's binlog after %d settles; %d chunk(s) that"
                            + " differ are checked again by the next run", MAX_SETTLES, suspects.size());
                    deferred = suspects.size();
                    suspects.clear();
                }
            }
            for (TableReconciler.ChunkDiff first : suspects) {
                TableReconciler.ChunkDiff again = c.reconciler().compare(source, trail, first.table(), first.range(),
                        c.reader().lastTruncate(trail, first.table()));
                List<RowDiff> stable = again.rows().stream().filter(first.rows()::contains).toList();
                if (!stable.isEmpty()) {
                    findings.add(Findings.gap(first.table(), first.range(), stable));
                }
            }
            absent = c.scanner().absentFromTrail(trail, absent);
            if (!absent.isEmpty()) {
                findings.add(Findings.missingTransactions(c.source().name(), absent));
            }
        }
        Instant finished = clock.instant();
        List<Anomaly> found = findings.stream().map(f -> anomaly(c.source(), f, finished)).toList();
        List<Anomaly> stored = anomalies.insertNew(found);
        publisher.publish(stored);
        for (Anomaly a : stored) {
            Log.warnf("completeness: %s %s — %s", a.detector(), a.subjectId(), a.explanation());
        }
        CompletenessReport report = new CompletenessReport(c.source().name(), started, finished, tableCount, chunks, rows, events, deferred,
                findings, stored.stream().map(Anomaly::id).toList(), null);
        return runs.record(report);
    }

    /** Why the trail cannot be compared now (the normalizer's raw-topic backlog), or null. */
    private String normalizerBehind() {
        if (lag == null) {
            return null;
        }
        long records = lag.records();
        return records > config.maxNormalizerLag()
                ? "the normalizer (consumer group " + lag.group() + ") has " + records + " raw record(s) not yet stored, more than "
                        + config.maxNormalizerLag() + " (audit.ai.completeness.max-normalizer-lag): the trail is catching up"
                : null;
    }

    private static Anomaly anomaly(CompletenessSource source, Finding f, Instant at) {
        return AnomalyBuilder.of(f.detector()).severity(Severity.HIGH).score(1.0)
                .subject(null, f.subjectType(), f.subject()).window(at, at).explanation(f.text())
                .build(at, source.name(), f.subject(), f.identity());
    }
}
