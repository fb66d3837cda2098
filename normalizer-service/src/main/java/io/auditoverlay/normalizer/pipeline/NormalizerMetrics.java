package io.auditoverlay.normalizer.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

/** The normalizer's own meters. A {@code @Singleton}, not a proxied bean: the consumer reads its fields directly. (Kafka consumer lag comes from the Kafka client binder). */
@Singleton
public class NormalizerMetrics {

    public final Counter eventsIn;
    public final Counter stored;
    public final Counter duplicates;
    public final Counter deadLettered;
    public final Counter skipped;
    public final Counter storeRetries;
    public final Timer batchLatency;
    public final Timer commitToStored;

    public NormalizerMetrics(MeterRegistry registry) {
        eventsIn = Counter.builder("audit.normalizer.records.in").description("Raw records received").register(registry);
        stored = Counter.builder("audit.normalizer.events.stored").description("Canonical events newly stored").register(registry);
        duplicates = Counter.builder("audit.normalizer.events.duplicates")
                .description("Canonical events already stored (redelivery, replay)").register(registry);
        deadLettered = Counter.builder("audit.normalizer.records.dead.lettered").description("Records sent to audit.dlq")
                .register(registry);
        skipped = Counter.builder("audit.normalizer.records.skipped").description("Tombstones and BEGIN markers")
                .register(registry);
        storeRetries = Counter.builder("audit.normalizer.store.retries")
                .description("Batch writes retried because PostgreSQL was unavailable").register(registry);
        batchLatency = Timer.builder("audit.normalizer.batch.duration").description("Time to map, store and forward a batch")
                .publishPercentileHistogram().register(registry);
        commitToStored = Timer.builder("audit.normalizer.commit.to.stored")
                .description("Source commit → canonical row stored (source clock, second precision on MariaDB)")
                .publishPercentileHistogram().register(registry);
    }
}
