package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.auditoverlay.model.label.AnomalyLabel;
import io.auditoverlay.simulator.anomaly.LabelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One small history (2 days × 500 sales a day) written into a scratch database by the simulator's
 * own commands, with its labels and the stock before it, and the queries {@link HistoryRunIT}
 * checks it with.
 */
final class HistoryRun implements AutoCloseable {

    static final Instant UNTIL = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant FROM = UNTIL.minusSeconds(2 * 86_400);

    final ScratchDatabase db;
    final List<AnomalyLabel> labels;
    final Map<String, Integer> openingStock;
    private final Path labelsFile;

    HistoryRun() throws Exception {
        db = new ScratchDatabase();
        labelsFile = Files.createTempFile("labels", ".jsonl");
        assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "init", "--customers", "500")));
        openingStock = stock();
        assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "history", "--days", "2",
                "--sales-per-day", "500", "--seed", "7", "--until", UNTIL.toString(), "--labels",
                labelsFile.toString(), "--no-progress")));
        labels = LabelFile.read(labelsFile);
    }

    @Override
    public void close() throws Exception {
        db.close();
        Files.deleteIfExists(labelsFile);
    }

    long count(String query) throws Exception {
        return db.count(query);
    }

    Set<Long> outsideHours(String query) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                LocalTime local = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC)
                        .atZone(ZoneId.of(rs.getString(3))).toLocalTime();
                if (local.isBefore(rs.getObject(4, LocalTime.class)) || !local.isBefore(rs.getObject(5, LocalTime.class))) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    Map<String, Integer> stock() throws Exception {
        Map<String, Integer> stock = new HashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT branch_id, product_id, quantity FROM inventory")) {
            while (rs.next()) {
                stock.put(rs.getInt(1) + "/" + rs.getLong(2), rs.getInt(3));
            }
        }
        return stock;
    }

    List<AnomalyLabel> labels(String cls) {
        List<AnomalyLabel> result = labels.stream().filter(l -> l.anomalyClass().equals(cls)).toList();
        assertFalse(result.isEmpty(), "no label of class " + cls);
        return result;
    }

    static List<Long> ids(AnomalyLabel label, String table) {
        return label.rows().stream().filter(r -> r.table().equals(table))
                .map(r -> ((Number) r.pk().get("id")).longValue()).toList();
    }

    List<Long> longs(String query) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    static String in(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
    }

    static String sql(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ');
    }
}
