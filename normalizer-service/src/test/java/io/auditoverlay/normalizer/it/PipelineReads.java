package io.auditoverlay.normalizer.it;

import java.nio.charset.StandardCharsets;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.ChainVerifier;
import io.auditoverlay.model.integrity.ChainedTable;
import java.sql.Connection;
import java.time.Instant;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What the normalizer under test stored ({@code changes.*}) and sent (Kafka), read back for the ITs' assertions. */
final class PipelineReads {

    private PipelineReads() {
    }

    static long rawRecordCount(Pattern rawTopics, String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = Stack.consumer(group)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (rawTopics.matcher(topic).matches()) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    static ConsumerRecord<byte[], byte[]> find(KafkaConsumer<byte[], byte[]> consumer,
            Predicate<ConsumerRecord<byte[], byte[]>> test) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (test.test(r)) {
                return r;
            }
        }
        return null;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String transactionOf(String table, long id) throws Exception {
        try (Connection c = Stack.audit(); PreparedStatement q = c.prepareStatement(
                "SELECT transaction_id FROM changes.change_event WHERE table_name = ? AND primary_key = ?::jsonb AND op = 'CREATE'")) {
            q.setString(1, table);
            q.setString(2, "{\"id\": " + id + "}");
            ResultSet rs = q.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<Map<String, Object>> rowsOf(String transactionId) throws Exception {
        try (Connection c = Stack.audit(); PreparedStatement q = c.prepareStatement("""
                SELECT table_name, op, transaction_order, before::text AS before, after::text AS after,
                       array_to_string(changed_columns, ',') AS changed_columns, branch_id
                FROM changes.change_event WHERE transaction_id = ? ORDER BY transaction_order""")) {
            q.setString(1, transactionId);
            ResultSet rs = q.executeQuery();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static Long endCount(String transactionId) throws Exception {
        try (Connection c = Stack.audit(); PreparedStatement q = c.prepareStatement(
                "SELECT event_count FROM changes.source_transaction WHERE transaction_id = ?")) {
            q.setString(1, transactionId);
            ResultSet rs = q.executeQuery();
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    static long countWhere(String condition, Object... parameters) throws Exception {
        try (Connection c = Stack.audit();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM changes.change_event WHERE " + condition)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            ResultSet rs = q.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The change chain of everything linked since {@code from}, recomputed from the stored rows as {@code verify} does. */
    static ChainReport verifyChain(Instant from) throws SQLException {
        try (Connection c = Stack.audit()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return new ChainVerifier(c, ChainedTable.CHANGE_EVENT).verify(from, Instant.now().plusSeconds(1));
            } finally {
                c.rollback();
            }
        }
    }
}
