package io.auditoverlay.ingest.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ingest.support.RawTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The source side of {@link HttpSinkParityIT}: a marked POS transaction written to MariaDB, and its
 * records once both paths delivered them.
 */
final class ParityTransaction {

    static final String DB_HOST = ParityStack.env("SOURCE_DB_HOST", "127.0.0.1");
    static final String DB_PORT = ParityStack.env("SOURCE_DB_PORT", "3307");
    static final Duration ARRIVAL = Duration.ofSeconds(90);

    private ParityTransaction() {
    }

    /** One POS-like adjustment transaction: an inventory update, two adjustment rows, one of them deleted. */
    static void writeTransaction(String marker) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + DB_HOST + ":" + DB_PORT + "/pharmacy",
                ParityStack.env("SOURCE_DB_USER", "pos"), ParityStack.env("SOURCE_DB_PASSWORD", "pos"))) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE inventory SET quantity = quantity - 1, last_reason = 'DAMAGE', last_user_id = 1 "
                        + "WHERE branch_id = 1 AND product_id = 1");
            }
            long first;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO inventory_adjustments "
                    + "(branch_id, product_id, user_id, delta, reason, note, created_at) "
                    + "VALUES (1, 1, 1, -1, 'DAMAGE', ?, UTC_TIMESTAMP(3))", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, marker);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    first = keys.getLong(1);
                }
                insert.setString(1, marker + "-2");
                insert.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM inventory_adjustments WHERE id = ?")) {
                delete.setLong(1, first);
                delete.executeUpdate();
            }
            c.commit();
        }
    }

    record Captured(String id, List<ConsumerRecord<byte[], byte[]>> changes,
            List<ConsumerRecord<byte[], byte[]>> markers) {
    }

    /** All records of the transaction that wrote {@code marker}, once both paths delivered it. */
    static Captured awaitTransaction(String marker) {
        RawTopics topics = new RawTopics(ParityStack.kafka.bootstrap());
        String prefix = ParityStack.PREFIX;
        List<ConsumerRecord<byte[], byte[]>> marked = topics.await(prefix + ".pharmacy.inventory_adjustments",
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(marker), 2, ARRIVAL);
        assertTrue(marked.size() >= 2, "the insert of " + marker + " arrived through both paths: " + marked.size());
        String tx = RawRecordFields.payload(marked.get(0).value()).get("transaction").get("id").asText();
        String txKey = "{\"id\":\"" + tx + "\"}";
        List<ConsumerRecord<byte[], byte[]>> all = topics.await(
                List.of(prefix + ".pharmacy.inventory", prefix + ".pharmacy.inventory_adjustments", prefix + ".transaction"),
                r -> r.topic().endsWith(".transaction")
                        ? txKey.equals(new String(r.key(), StandardCharsets.UTF_8))
                        : r.value() != null && tx.equals(RawRecordFields.payload(r.value()).path("transaction").path("id").asText()),
                12, ARRIVAL);
        return new Captured(tx,
                all.stream().filter(r -> !r.topic().endsWith(".transaction")).toList(),
                all.stream().filter(r -> r.topic().endsWith(".transaction")).toList());
    }
}
