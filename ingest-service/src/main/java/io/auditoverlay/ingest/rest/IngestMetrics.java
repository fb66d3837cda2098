package io.auditoverlay.ingest.rest;

import io.auditoverlay.ingest.auth.Branch;
import io.auditoverlay.ingest.config.IngestConfig;
import io.auditoverlay.ingest.parse.ClassifiedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import io.auditoverlay.ingest.parse.EventKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics: {@code ingest_events_total{branch,kind}}, {@code ingest_records_total{branch}},
 * {@code ingest_rejected_total{reason}}, {@code ingest_kafka_ack_seconds}. Every configured branch's
 * counters and every refusal reason exist from startup at zero, so that rate() and the alerts see
 * the first event after a restart and the dashboard lists branches that sent nothing yet.
 */
@Startup
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer ackTimer;

    public IngestMetrics(MeterRegistry registry, IngestConfig config) {
        this.registry = registry;
        this.ackTimer = Timer.builder("ingest.kafka.ack")
                .description("Time from sending a request's records to Kafka's acknowledgement of all of them")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        for (String branch : config.branches().keySet()) {
            for (EventKind kind : EventKind.values()) {
                events(branch, kind);
            }
            records(branch);
        }
        IngestProblem.REASONS.forEach(this::rejectedCounter);
    }

    private Counter events(String branch, EventKind kind) {
        return Counter.builder("ingest.events").description("Events accepted and acknowledged by Kafka")
                .tag("branch", branch).tag("kind", kind.name().toLowerCase()).register(registry);
    }

    private Counter records(String branch) {
        return Counter.builder("ingest.records").description("Records written to Kafka (events and tombstones)")
                .tag("branch", branch).register(registry);
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("ingest.rejected").description("Requests refused, by reason").tag("reason", reason).register(registry);
    }

    void accepted(Branch branch, List<ClassifiedEvent> events, int records, long ackNanos) {
        Map<EventKind, Long> byKind = events.stream()
                .collect(Collectors.groupingBy(ClassifiedEvent::kind, () -> new EnumMap<>(EventKind.class),
                        Collectors.counting()));
        byKind.forEach((kind, count) -> events(branch.name(), kind).increment(count));
        records(branch.name()).increment(records);
        ackTimer.record(ackNanos, TimeUnit.NANOSECONDS);
    }

    void rejected(String reason) {
        rejectedCounter(reason).increment();
    }
}
