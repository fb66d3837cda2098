package io.auditoverlay.inference.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.json.AuditJson;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * What an open transaction costs in heap: a POS sale of three lines (1 sales row, 3 sale_items, 3
 * inventory updates, 3 inventory_adjustments) held by the assembler with the Kafka records it will
 * acknowledge, as the service holds it (deep size of the assembler, records included).
 */
class OpenTransactionMemoryTest {

    private static final int TRANSACTIONS = 500;
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private final ObjectMapper json = AuditJson.mapper();
    private final ChangeDeserializer deserializer = new ChangeDeserializer();
    private final TransactionKeyDeserializer keys = new TransactionKeyDeserializer();

    private static TxBuilder sale(int n) {
        return Pos.sale("0-1-" + n, AT.plusSeconds(n), n, 1 + n % 12, 20 + n % 7, "CARD", "0.00",
                new Pos.Line(n * 10L, 100 + n % 250, 1, "6.49", 40), new Pos.Line(n * 10L + 1, 400 + n % 250, 2, "12.80", 40),
                new Pos.Line(n * 10L + 2, 700 + n % 250, 1, "42.00", 40));
    }

    /** The changes of {@code TRANSACTIONS} sales, END markers withheld so that all stay open. */
    private static List<List<CanonicalChangeEvent>> openSales() {
        List<List<CanonicalChangeEvent>> sales = new ArrayList<>();
        for (int n = 1; n <= TRANSACTIONS; n++) {
            sales.add(sale(n).changes());
        }
        return sales;
    }

    private static <V> Message<V> record(long offset, String key, V value) {
        return new IncomingKafkaRecord<>(new ConsumerRecord<>("audit.changes", 0, offset, key, value),
                "changes", 0, null, null, false, false);
    }

    /** Before: the records held their JSON bytes, the assembler the parsed change (LinkedHashMaps). */
    private long bytesAndParsed() throws Exception {
        TransactionAssembler<Message<?>> assembler = new TransactionAssembler<>(Duration.ofMinutes(10), Duration.ofMinutes(10));
        long offset = 0;
        for (List<CanonicalChangeEvent> sale : openSales()) {
            for (CanonicalChangeEvent change : sale) {
                byte[] bytes = json.writeValueAsBytes(change);
                // a fresh key per record, as the Kafka client's StringDeserializer made it
                assembler.accept(json.readValue(bytes, ChangeMessage.class),
                        record(offset++, new String(change.transactionId()), bytes));
            }
        }
        assertEquals(TRANSACTIONS, assembler.pendingCount());
        return GraphLayout.parseInstance(assembler).totalSize();
    }

    /** Now: the records hold the compact change that {@link ChangeDeserializer} made, and nothing else. */
    private long compactOnly() throws Exception {
        TransactionAssembler<Message<?>> assembler = new TransactionAssembler<>(Duration.ofMinutes(10), Duration.ofMinutes(10));
        long offset = 0;
        for (List<CanonicalChangeEvent> sale : openSales()) {
            for (CanonicalChangeEvent change : sale) {
                Object value = deserializer.deserialize("audit.changes", json.writeValueAsBytes(change));
                String key = keys.deserialize("audit.changes", change.transactionId().getBytes(StandardCharsets.UTF_8));
                assembler.accept((ChangeMessage) value, record(offset++, key, value));
            }
        }
        assertEquals(TRANSACTIONS, assembler.pendingCount());
        return GraphLayout.parseInstance(assembler).totalSize();
    }

    @Test
    void anOpenSaleCostsAFractionOfWhatItDid() throws Exception {
        long before = bytesAndParsed() / TRANSACTIONS;
        long after = compactOnly() / TRANSACTIONS;
        System.out.printf("heap per open 10-change sale: %d bytes with bytes + parsed maps, %d bytes compact (%d per record)%n",
                before, after, after / 10);
        assertTrue(after * 2 < before, "compact form should cost less than half: " + after + " vs " + before);
        // the documented default cap (100 000 records) must fit in about 128 MB of the 384 MB heap
        assertTrue(after / 10 * 100_000 < 128L << 20, "100 000 pending records cost " + after / 10 * 100_000 + " bytes");
    }
}
