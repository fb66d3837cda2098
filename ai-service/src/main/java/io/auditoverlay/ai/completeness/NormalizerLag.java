package io.auditoverlay.ai.completeness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the normalizer is behind Debezium: the records of the raw topics its consumer group has
 * not committed yet (end offsets minus committed offsets; a partition it never committed counts
 * from its earliest offset). While it is behind, the trail is behind the source and a
 * reconciliation would report rows in flight as gaps, so a run is skipped (docs/anomalies.md,
 * "Completeness").
 */
final class NormalizerLag {

    private static final long TIMEOUT_SECONDS = 30;

    private final String bootstrapServers;
    private final String group;
    private final Pattern rawTopics;

    NormalizerLag(String bootstrapServers, String group, String rawTopicPattern) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.rawTopics = Pattern.compile(rawTopicPattern);
    }

    /** The records not yet committed by the normalizer's group on the raw topics. */
    long records() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 25_000);
        try (Admin admin = Admin.create(props)) {
            List<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(t -> rawTopics.matcher(t).matches()).toList();
            if (topics.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(d.name(), p.partition());
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return lag(ends, starts, committed);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the normalizer's consumer lag from Kafka (" + bootstrapServers + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the normalizer's consumer lag", e);
        }
    }

    static long lag(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts, Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata done = committed == null ? null : committed.get(e.getKey());
            long from = done != null ? done.offset() : starts.containsKey(e.getKey()) ? starts.get(e.getKey()).offset() : 0;
            lag += Math.max(0, e.getValue().offset() - from);
        }
        return lag;
    }

    String group() {
        return group;
    }
}
