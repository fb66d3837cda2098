package io.auditoverlay.normalizer.it;

import io.auditoverlay.model.testing.PosWrites;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real components the integration tests talk to, at the local stack's defaults
 * ({@code ./overlay infra}); each can be moved by the same environment variables the stack uses.
 */
final class Stack {

    static final String KAFKA = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String AUDIT_DB = env("AUDIT_TEST_DB_NAME", "audit_test");
    static final String AUDIT_URL = "jdbc:postgresql://" + env("AUDIT_DB_HOST", "127.0.0.1") + ":" + env("AUDIT_DB_PORT", "5432")
            + "/" + AUDIT_DB;

    private Stack() {
    }

    static Connection source() throws SQLException {
        return PosWrites.source();
    }

    static Connection audit() throws SQLException {
        return DriverManager.getConnection(AUDIT_URL, env("AUDIT_DB_USER", "postgres"), env("AUDIT_DB_PASSWORD", ""));
    }

    /** How many canonical events of a source are stored in the test database. */
    static long rowsOfSource(String source) throws SQLException {
        try (Connection c = audit();
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM changes.change_event WHERE source = ?")) {
            q.setString(1, source);
            ResultSet rs = q.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** How many records of the topics matching {@code topics} the consumer group has not committed yet. */
    static long lag(String group, Pattern topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        try (Admin admin = Admin.create(p);
                KafkaConsumer<byte[], byte[]> consumer = consumer(group + "-lag-probe")) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topics.matcher(topic).matches()) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            });
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var end = consumer.endOffsets(partitions);
            var begin = consumer.beginningOffsets(partitions);
            long lag = 0;
            for (var partition : partitions) {
                var offset = committed.get(partition);
                lag += end.get(partition) - (offset == null ? begin.get(partition) : offset.offset());
            }
            return lag;
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
