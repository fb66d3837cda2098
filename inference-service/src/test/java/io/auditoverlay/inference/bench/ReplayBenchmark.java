package io.auditoverlay.inference.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.json.AuditJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replay benchmark: writes N synthetic POS transactions (a realistic mix, interleaved in pairs)
 * as ChangeMessages to a dedicated topic, then waits while an inference-service started on that
 * topic (see README, "Benchmark") infers them, and prints transactions/s and business events/s
 * measured from the service's own commit times ({@code processed_transaction.processed_at}).
 *
 * <p>Usage: {@code ReplayBenchmark <topic> <transactions> <jdbc url> [produce|measure|both]}
 */
public final class ReplayBenchmark {

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String topic = args[0];
        int count = Integer.parseInt(args[1]);
        String jdbc = args[2];
        String mode = args.length > 3 ? args[3] : "both";
        String source = args.length > 4 ? args[4] : "bench" + UUID.randomUUID().toString().substring(0, 8);
        if (!mode.equals("measure")) {
            produce(topic, count, source);
        }
        if (!mode.equals("produce")) {
            measure(jdbc, count, source);
        }
    }

    static List<TxBuilder> transaction(int i, String source, Random random) {
        Instant at = Instant.parse("2026-11-01T08:00:00Z").plusSeconds(i);
        String gtid = source + ":0-1-" + i;
        long id = 1_000_000L + i;
        int branch = 1 + random.nextInt(3);
        int pick = random.nextInt(100);
        if (pick < 70) {
            int lines = 1 + random.nextInt(4);
            Pos.Line[] items = new Pos.Line[lines];
            for (int l = 0; l < lines; l++) {
                items[l] = new Pos.Line(id * 10 + l, 1 + random.nextInt(7), 1 + random.nextInt(3), "6.49", 100);
            }
            return List.of(Pos.sale(gtid, at, id, branch, 1 + random.nextInt(6), "CARD", "0.00", items));
        } else if (pick < 75) {
            return List.of(Pos.voidSale(gtid, at, id, branch, 1, 3, "6.49", "mistake", 1, 1, 50));
        } else if (pick < 80) {
            return List.of(Pos.refund(gtid, at, id, random.nextBoolean() ? id - 1 : null, branch, 3, "6.49", "faulty", 1, 1, 50));
        } else if (pick < 90) {
            return List.of(Pos.adjustment(gtid, at, id, branch, 1 + random.nextInt(7), 3, -1, "DAMAGE", 40));
        } else if (pick < 93) {
            return List.of(Pos.roleChange(gtid, at, 1 + random.nextInt(6), branch, 1, 2));
        } else if (pick < 96) {
            return List.of(Pos.priceChange(gtid, at, 1 + random.nextInt(7), "6.49", "6.99"));
        }
        return List.of(new TxBuilder(gtid, at).insert("customers", TxBuilder.row("id", id, "full_name", "[REDACTED]",
                "created_at", Pos.datetime(at))));
    }

    /** A bulk producer for the benchmarks' own topics. */
    static Properties producerProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        props.put("acks", "1");
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        props.put("compression.type", "lz4");
        return props;
    }

    static void produce(String topic, int count, String source) throws Exception {
        ObjectMapper json = AuditJson.mapper();
        Properties props = producerProperties();
        Random random = new Random(42);
        long messages = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i += 2) {
                // two transactions at a time, their messages interleaved (END of the second first)
                List<ChangeMessage> a = transaction(i, source, random).get(0).messages();
                List<ChangeMessage> b = i + 1 < count ? new ArrayList<>(transaction(i + 1, source, random).get(0).messages())
                        : List.of();
                if (!b.isEmpty()) {
                    b.add(0, b.remove(b.size() - 1));
                }
                for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
                    for (List<ChangeMessage> tx : List.of(a, b)) {
                        if (k < tx.size()) {
                            ChangeMessage m = tx.get(k);
                            producer.send(new ProducerRecord<>(topic, m.transactionId(), json.writeValueAsBytes(m)));
                            messages++;
                        }
                    }
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("produced %d transactions (%d messages) for source %s to %s in %.1f s%n", count, messages, source,
                topic, seconds);
    }

    static void measure(String jdbc, int count, String source) throws Exception {
        String pattern = source + ":%";
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            long done = 0;
            while (done < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(2000);
                try {
                    done = scalar(c, "SELECT count(*) FROM business.processed_transaction WHERE transaction_id LIKE '"
                            + pattern + "'");
                } catch (SQLException e) {
                    System.out.println("  waiting for the service to create its schema");
                    continue;
                }
                System.out.printf("  %d / %d transactions inferred%n", done, count);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT count(*), extract(epoch FROM max(processed_at) - min(processed_at)),
                           sum(business_events), count(*) FILTER (WHERE only_fallback), count(*) FILTER (WHERE partial)
                    FROM business.processed_transaction WHERE transaction_id LIKE '""" + pattern + "'")) {
                rs.next();
                long tx = rs.getLong(1);
                double seconds = rs.getDouble(2);
                long events = rs.getLong(3);
                System.out.printf("inferred %d transactions, %d business events in %.1f s: %.0f transactions/s, %.0f events/s;"
                        + " data.changed only: %.1f %%, partial: %d%n", tx, events, seconds, tx / seconds, events / seconds,
                        100.0 * rs.getLong(4) / tx, rs.getLong(5));
            }
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
