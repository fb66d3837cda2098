package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.anomaly.LabelFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live mode for 15 seconds at 20 transactions a second, with another program writing sales meanwhile. */
class LiveRunIT {

    @TempDir
    Path dir;

    @Test
    void writesAtTheAskedRateWithCurrentTimestampsAndSurvivesAForeignWriter() throws Exception {
        try (ScratchDatabase db = new ScratchDatabase()) {
            assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "init", "--customers", "200")));
            Path labels = dir.resolve("live.jsonl");
            Instant started = Instant.now();
            // A till the simulator does not know about takes ids it will want: it must retry, not stop.
            CompletableFuture<Long> foreign = CompletableFuture.supplyAsync(() -> foreignSale(db, 30));
            int exit = SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "live", "--tps", "20",
                    "--duration", "PT15S", "--ignore-opening-hours", "--anomalies-per-hour", "1800",
                    "--labels", labels.toString(), "--no-progress"));
            Instant ended = Instant.now();
            assertEquals(0, exit);
            long foreignId = foreign.get();
            assertEquals(1, db.count("SELECT COUNT(*) FROM sales WHERE id = " + foreignId + " AND payment_method = 'FOREIGN'"));
            // Ids are handed out in sequence: sales above the foreign one mean the collision happened and was retried.
            assertTrue(db.count("SELECT COUNT(*) FROM sales WHERE id > " + foreignId) > 0, "the run went past the foreign id");

            long sales = db.count("SELECT COUNT(*) FROM sales WHERE payment_method <> 'FOREIGN'");
            // 15 s × 20 tx/s, about 93 % of them sales, plus a few injected ones; Poisson noise allowed.
            assertTrue(sales >= 200 && sales <= 380, "sales: " + sales);
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MIN(created_at), MAX(created_at) FROM sales"
                         + " WHERE payment_method <> 'FOREIGN'")) {
                rs.next();
                Instant first = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                Instant last = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                assertTrue(!first.isBefore(started.minusSeconds(1)) && first.isBefore(started.plusSeconds(3)), "first " + first);
                assertTrue(last.isAfter(ended.minusSeconds(4)) && !last.isAfter(ended), "last " + last);
            }
            // Incidents begin every 2 s and last ten minutes: at the stop, those with rows so far are
            // labelled as incomplete, and every row they name is in the database.
            List<AnomalyLabel> written = LabelFile.read(labels);
            assertTrue(written.size() >= 2, "labels: " + written.size());
            for (AnomalyLabel l : written) {
                assertTrue(!l.windowStart().isBefore(started.minusSeconds(1)), l.id());
                assertEquals(false, l.details().get("complete"), l.id());
                for (AnomalyLabel.RowRef row : l.rows()) {
                    String where = row.pk().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                            .reduce((a, b) -> a + " AND " + b).orElseThrow();
                    assertEquals(1, db.count("SELECT COUNT(*) FROM " + row.table() + " WHERE " + where), l.id() + " " + row);
                }
            }
        }
    }

    /** Inserts a sale with an id just ahead of the simulator's, a few seconds into the run. */
    private static long foreignSale(ScratchDatabase db, int ahead) {
        try {
            Thread.sleep(Duration.ofSeconds(4).toMillis());
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                long id;
                try (ResultSet rs = st.executeQuery("SELECT MAX(id) FROM sales")) {
                    rs.next();
                    id = rs.getLong(1) + ahead;
                }
                st.execute("INSERT INTO sales (id, branch_id, user_id, status, subtotal, total, payment_method,"
                        + " created_at) VALUES (" + id + ", 1, 1, 'COMPLETED', 1.00, 1.00, 'FOREIGN', NOW(3))");
                return id;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
