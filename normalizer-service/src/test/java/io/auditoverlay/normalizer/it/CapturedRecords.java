package io.auditoverlay.normalizer.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditoverlay.model.json.AuditJson;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Records Debezium captured, copied for a test's own topic: each copy with a source name of the
 * test's own and a binlog position of its own, so that its rows are the test's alone.
 */
final class CapturedRecords {

    private static final ObjectMapper JSON = AuditJson.mapper();

    private final ObjectNode record;
    private final ObjectNode source;

    private CapturedRecords(byte[] captured, String sourceName) throws IOException {
        this.record = (ObjectNode) JSON.readTree(captured);
        this.source = (ObjectNode) record.get("payload").get("source");
        source.put("name", sourceName);
    }

    /** Copies of the first record of a raw {@code topic} (the stack's snapshot fills every table's). */
    static CapturedRecords of(String topic, String sourceName) throws IOException {
        return new CapturedRecords(first(topic), sourceName);
    }

    /** The record at binlog position {@code pos}, as Debezium's converter lays it out. */
    byte[] at(long pos) throws IOException {
        source.put("pos", pos);
        return JSON.writeValueAsBytes(record);
    }

    private static byte[] first(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Stack.consumer("it-template")) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError(topic + " holds no record: is the stack's snapshot there (./overlay infra)?");
    }
}
