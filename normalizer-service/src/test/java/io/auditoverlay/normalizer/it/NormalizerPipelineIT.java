package io.auditoverlay.normalizer.it;

import static io.auditoverlay.normalizer.it.PipelineReads.countWhere;
import static io.auditoverlay.normalizer.it.PipelineReads.endCount;
import static io.auditoverlay.normalizer.it.PipelineReads.find;
import static io.auditoverlay.normalizer.it.PipelineReads.header;
import static io.auditoverlay.normalizer.it.PipelineReads.rawRecordCount;
import static io.auditoverlay.normalizer.it.PipelineReads.rowsOf;
import static io.auditoverlay.normalizer.it.PipelineReads.transactionOf;
import static io.auditoverlay.normalizer.it.PipelineReads.verifyChain;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.DlqHeaders;
import io.auditoverlay.model.Topics;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.testing.PosWrites;
import io.auditoverlay.model.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The backbone on the real components: MariaDB (binlog) → Debezium Server → Kafka → the packaged
 * normalizer → PostgreSQL and {@code audit.changes}. Needs {@code ./overlay infra}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NormalizerPipelineIT {

    private static final Duration PIPELINE = Duration.ofSeconds(60);
    private static final Pattern RAW_TOPICS = Pattern.compile("pos[^.]*(\\.(transaction|[^.]+\\.[^.]+))?");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** The test's own copy of audit.changes: its replays must not flood the topic the services read. */
    private static final String CHANGES_TOPIC = Topics.CHANGES + ".normalizer-it";
    /**
     * A group of the run's own, reading the raw topics from the start: {@code ./overlay test}
     * starts every run with an empty test database, so a group kept from an earlier run would
     * skip rows that this database never got (and the replay test would then find them "new").
     */
    private static final String GROUP = "normalizer-it-" + RUN;
    private static ServiceProcess normalizer;
    private static final Instant STARTED = Instant.now();

    @BeforeAll
    static void start() throws Exception {
        normalizer = start(GROUP, "target/normalizer-it-" + RUN + ".log");
        // Catch up with whatever the raw topics hold (nothing on a fresh stack, a backlog after a benchmark).
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> Stack.lag(GROUP, RAW_TOPICS) == 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (normalizer != null) {
            normalizer.close();
        }
    }

    @Test
    @Order(1)
    void aPosSaleBecomesTenCanonicalRowsOfOneTransactionInCommitOrder() throws Exception {
        long saleId = PosWrites.sale(1, 1, List.of(1L, 2L, 7L));

        String transactionId = await().atMost(PIPELINE).until(() -> transactionOf("sales", saleId), t -> t != null);
        List<String> expected = List.of("sales:CREATE", "sale_items:CREATE", "sale_items:CREATE", "sale_items:CREATE",
                "inventory:UPDATE", "inventory_adjustments:CREATE", "inventory:UPDATE", "inventory_adjustments:CREATE",
                "inventory:UPDATE", "inventory_adjustments:CREATE");
        await().atMost(PIPELINE).until(() -> rowsOf(transactionId).size() == 10);

        List<Map<String, Object>> rows = rowsOf(transactionId);
        assertEquals(expected, rows.stream().map(r -> r.get("table_name") + ":" + r.get("op")).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals((long) i + 1, rows.get(i).get("transaction_order"), "commit order");
        }
        for (Map<String, Object> row : rows) {
            assertNotNull(row.get("after"));
            if ("inventory".equals(row.get("table_name"))) {
                assertNotNull(row.get("before"), "updates keep the before image");
                assertTrue(row.get("changed_columns").toString().contains("quantity"));
            }
            // Rows with a branch column carry it; sale_items has none and the local stack's source
            // is central (no configured branch), so its branch is left to the transaction's reader.
            if (!"sale_items".equals(row.get("table_name"))) {
                assertEquals("1", row.get("branch_id"), row.toString());
            }
        }
        await().atMost(PIPELINE).until(() -> endCount(transactionId) != null);
        assertEquals(10L, endCount(transactionId), "the END marker's event count is recorded");
    }

    @Test
    @Order(2)
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextEventIsStillStored() throws Exception {
        byte[] poison = "{\"before\":null,\"after\":{\"id\":1},\"op\":\"c\",\"source\":{\"name\":\"pos\"".getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent;
        Map<TopicPartition, Long> dlqStart;
        try (KafkaConsumer<byte[], byte[]> dlq = Stack.consumer("it-dlq-" + RUN)) {
            TopicPartition partition = new TopicPartition(Topics.DLQ, 0);
            dlq.assign(List.of(partition));
            dlqStart = dlq.endOffsets(List.of(partition));
            try (KafkaProducer<byte[], byte[]> producer = Stack.producer()) {
                sent = producer.send(new ProducerRecord<>("pos.pharmacy.sales", "{\"id\":-1}".getBytes(StandardCharsets.UTF_8), poison)).get();
            }
            long saleId = PosWrites.sale(2, 5, List.of(2L));

            dlq.seek(partition, dlqStart.get(partition));
            ConsumerRecord<byte[], byte[]> dead = await().atMost(PIPELINE).until(() -> find(dlq, r ->
                    header(r, DlqHeaders.SOURCE_OFFSET).equals(Long.toString(sent.offset()))
                            && header(r, DlqHeaders.SOURCE_TOPIC).equals("pos.pharmacy.sales")), r -> r != null);
            assertArrayEquals(poison, dead.value(), "the original bytes");
            assertArrayEquals("{\"id\":-1}".getBytes(StandardCharsets.UTF_8), dead.key(), "the original key");
            assertTrue(header(dead, DlqHeaders.REASON).startsWith("malformed JSON"), header(dead, DlqHeaders.REASON));
            assertEquals(Integer.toString(sent.partition()), header(dead, DlqHeaders.SOURCE_PARTITION));
            assertEquals("normalizer-service", header(dead, DlqHeaders.SERVICE));

            assertNotNull(await().atMost(PIPELINE).until(() -> transactionOf("sales", saleId), t -> t != null),
                    "the good event after the poison one is stored");
        }
    }

    @Test
    @Order(3)
    void aMaskedValueAppearsNowhereDownstream() throws Exception {
        String nationalId = "NID-" + UUID.randomUUID().toString().substring(0, 18);
        String phone = "+1-555-" + RUN;
        Map<TopicPartition, Long> changesStart;
        try (KafkaConsumer<byte[], byte[]> changes = Stack.consumer("it-changes-" + RUN)) {
            TopicPartition partition = new TopicPartition(CHANGES_TOPIC, 0);
            changes.assign(List.of(partition));
            changesStart = changes.endOffsets(List.of(partition));

            long customerId;
            try (Connection c = Stack.source();
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO customers (full_name, phone, national_id, birth_date, created_at) VALUES (?, ?, ?, '1990-01-02', UTC_TIMESTAMP(3))",
                            Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "Masked Person " + RUN);
                insert.setString(2, phone);
                insert.setString(3, nationalId);
                insert.executeUpdate();
                ResultSet keys = insert.getGeneratedKeys();
                keys.next();
                customerId = keys.getLong(1);
            }
            try (Connection c = Stack.source(); Statement update = c.createStatement()) {
                update.executeUpdate("UPDATE customers SET phone = '" + phone + "-2' WHERE id = " + customerId);
            }
            await().atMost(PIPELINE).until(() -> countWhere("table_name = 'customers' AND primary_key = ?::jsonb",
                    "{\"id\": " + customerId + "}") == 2);

            assertEquals(0, countWhere("(after::text LIKE ? OR before::text LIKE ? OR primary_key::text LIKE ?)",
                    "%" + RUN + "%", "%" + RUN + "%", "%" + RUN + "%"), "no copy in PostgreSQL");
            assertEquals(2, countWhere("table_name = 'customers' AND primary_key = ?::jsonb AND after->>'national_id' = '[REDACTED]'",
                    "{\"id\": " + customerId + "}"));

            changes.seek(partition, changesStart.get(partition));
            List<String> forwarded = new ArrayList<>();
            await().atMost(PIPELINE).until(() -> {
                changes.poll(Duration.ofMillis(500)).forEach(r -> forwarded.add(new String(r.value(), StandardCharsets.UTF_8)));
                // The images in jsonb's spelling (": " and ", "), as stored: the after image holds "id": <id>, first (shortest key).
                return forwarded.stream().filter(v -> v.contains("\"customers\"") && v.contains("{\"id\": " + customerId + ", ")).count() >= 2;
            });
            assertTrue(forwarded.stream().noneMatch(v -> v.contains(nationalId) || v.contains(RUN)), "no copy on audit.changes");
            assertTrue(forwarded.stream().anyMatch(v -> v.contains("[REDACTED]")));
            assertFalse(normalizer.log().contains(nationalId) || normalizer.log().contains(phone), "no copy in the service log");
        }
    }

    @Test
    @Order(4)
    void replayingTheRawTopicsFromOffsetZeroAddsNoRow() throws Exception {
        // Everything the raw topics hold now is stored before the replay starts.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> Stack.lag(GROUP, RAW_TOPICS) == 0);
        normalizer.close();
        normalizer = null;
        Instant replayStart = Instant.now();
        long rawRecords = rawRecordCount(RAW_TOPICS, "it-count-" + RUN);
        long rowsBefore = countWhere("true");

        try (ServiceProcess replay = start("normalizer-replay-" + RUN, "target/normalizer-replay-" + RUN + ".log")) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> replay.counter("audit_normalizer_records_in_total") >= rawRecords);
            // Offsets are committed only once their batch is durable: no lag, nothing left in hand.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Stack.lag("normalizer-replay-" + RUN, RAW_TOPICS) == 0);
            assertEquals(0, countWhere("stored_at > ? AND committed_at < ?", Timestamp.from(replayStart),
                    Timestamp.from(replayStart.minusSeconds(2))), "no event from before the replay was stored again");
            assertTrue(replay.counter("audit_normalizer_events_duplicates_total") >= 10,
                    "the replayed events were recognised as already stored");
            assertTrue(countWhere("true") >= rowsBefore);
        }
        // Everything this run stored, replay included, is in the chain (leaf format 2) and verifies from PostgreSQL's rows.
        ChainReport chain = verifyChain(STARTED);
        assertTrue(chain.ok(), () -> chain.firstBreak().toString());
        assertTrue(chain.rows() >= 10, "rows recomputed: " + chain.rows());
    }

    @Test
    @Order(2)
    void textWithCopysSpecialCharactersIsStoredExactly() throws Exception {
        // Rows go into PostgreSQL by COPY in text format: tabs, newlines, backslashes and quotes must survive.
        String name = "Tab\there, line\nbreak, back\\slash \\N, \"quoted\" " + UUID.randomUUID(); // not RUN: the masking test looks for RUN
        long productId;
        try (Connection c = Stack.source(); Statement q = c.createStatement()) {
            ResultSet rs = q.executeQuery("SELECT min(id) FROM products");
            rs.next();
            productId = rs.getLong(1);
        }
        try (Connection c = Stack.source(); PreparedStatement update = c.prepareStatement("UPDATE products SET name = ? WHERE id = ?")) {
            update.setString(1, name);
            update.setLong(2, productId);
            update.executeUpdate();
        }
        await().atMost(PIPELINE).until(() -> countWhere("table_name = 'products' AND after->>'name' = ?", name) == 1);
    }

    @Test
    @Order(5)
    void twoBatchesReachingANewMonthTogetherBothCreateItsPartitionWithoutError() throws Exception {
        // Two batches in flight (or two normalizers) may both be the first to store a row of a month.
        var random = new Random();
        int year = 2100 + random.nextInt(800);
        int monthOfYear = 1 + random.nextInt(12);
        Timestamp month = Timestamp.from(Instant.parse(String.format("%d-%02d-15T12:00:00Z", year, monthOfYear)));
        try (Connection first = Stack.audit(); Connection second = Stack.audit()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (PreparedStatement ensure = first.prepareStatement("SELECT changes.ensure_change_event_partition(?)")) {
                ensure.setTimestamp(1, month);
                ensure.execute();
            }
            var secondDone = CompletableFuture.runAsync(() -> {
                try (PreparedStatement ensure = second.prepareStatement("SELECT changes.ensure_change_event_partition(?)")) {
                    ensure.setTimestamp(1, month);
                    ensure.execute();
                    second.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            Thread.sleep(500); // the second waits for the first, which has not committed yet
            assertFalse(secondDone.isDone(), "the second creator waits for the first");
            first.commit();
            secondDone.get(30, TimeUnit.SECONDS);
        }
        try (Connection c = Stack.audit(); Statement q = c.createStatement()) {
            ResultSet rs = q.executeQuery(String.format("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                    + "'changes.change_event'::regclass AND inhrelid = 'changes.change_event_%d_%02d'::regclass", year, monthOfYear));
            rs.next();
            assertEquals(1, rs.getLong(1));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ServiceProcess start(String group, String log) throws Exception {
        return ServiceProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"), Path.of(log),
                Map.of("AUDIT_DB_NAME", Stack.AUDIT_DB, "NORMALIZER_GROUP_ID", group,
                        "MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC", CHANGES_TOPIC));
    }
}
