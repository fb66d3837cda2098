package io.auditoverlay.inference.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients on the broker the service under test uses, for the ITs to feed and read its topics. */
final class KafkaTestClients {

    private KafkaTestClients() {
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = brokerProperties();
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static <V> KafkaConsumer<String, V> consumer(String topic, Class<?> valueDeserializer) {
        Properties props = brokerProperties();
        props.put("group.id", "inference-test-reader-" + UUID.randomUUID());
        props.put("auto.offset.reset", "latest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", valueDeserializer.getName());
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        // resolve "latest" now, so that records produced from here on are seen
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    /** The broker the service uses: a second checkout's stack runs on another port (KAFKA_PORT). */
    static String bootstrap() {
        return System.getProperty("kafka.bootstrap.servers",
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    }

    private static Properties brokerProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap());
        return props;
    }
}
