package io.auditoverlay.inference.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.json.AuditJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A catch-up as the normalizer writes it after a backlog: N three-line sales whose END markers
 * reach the topic LAG transactions after their rows (about LAG × 10 records open at once), or,
 * with {@code end-first}, LAG transactions before them. For checking the cap on pending records
 * against the shipped heap on a real service (see README, "Memory").
 *
 * <p>Usage: {@code CatchUpProducer <topic> <sales> <lag> <source> [rows-first|end-first]}
 */
public final class CatchUpProducer {

    private CatchUpProducer() {
    }

    public static void main(String[] args) throws Exception {
        String topic = args[0];
        int sales = Integer.parseInt(args[1]);
        int lag = Integer.parseInt(args[2]);
        String source = args[3];
        boolean endFirst = args.length > 4 && args[4].equals("end-first");
        ObjectMapper json = AuditJson.mapper();
        Properties props = ReplayBenchmark.producerProperties();
        Instant at = Instant.parse("2026-11-01T08:00:00Z");
        List<TxBuilder> window = new ArrayList<>();
        long messages = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < sales + lag; n++) {
                List<ChangeMessage> out = new ArrayList<>();
                if (n < sales) {
                    TxBuilder sale = Pos.sale(source + ":0-1-" + n, at.plusMillis(n * 100L), 2_000_000L + n, 1 + n % 3,
                            2, "CARD", "0.00", new Pos.Line(n * 10L, 3, 1, "42.00", 50),
                            new Pos.Line(n * 10L + 1, 1, 2, "6.49", 50), new Pos.Line(n * 10L + 2, 5, 1, "3.20", 50));
                    window.add(sale);
                    if (endFirst) {
                        out.add(sale.end());
                    } else {
                        out.addAll(sale.changes());
                    }
                }
                if (n >= lag) {
                    TxBuilder trailing = window.remove(0);
                    if (endFirst) {
                        out.addAll(trailing.changes());
                    } else {
                        out.add(trailing.end());
                    }
                }
                for (ChangeMessage m : out) {
                    producer.send(new ProducerRecord<>(topic, m.transactionId(), json.writeValueAsBytes(m)));
                    messages++;
                }
            }
            producer.flush();
        }
        System.out.printf("produced %d sales (%d messages), %s %d transactions behind, to %s%n", sales, messages,
                endFirst ? "rows" : "END markers", lag, topic);
    }
}
