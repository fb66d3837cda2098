package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The transaction shapes as the binlog carries them, which is what Debezium reads: every
 * transaction the simulator wrote has the events of exactly one POS action. Needs a server with
 * the binlog on (the local stack's MariaDB on 3307 by default) and a user that may create a
 * scratch database and read binlog events: {@code SIM_IT_DB_URL} (server URL ending in
 * {@code /}), {@code SIM_IT_DB_USER}, {@code SIM_IT_DB_PASSWORD}. Debezium's include list does not
 * name the scratch database, so the pipeline never sees these rows.
 */
class BinlogShapeIT {

    private static final String SERVER = env("SIM_IT_DB_URL", "jdbc:mariadb://127.0.0.1:3307/");
    private static final String USER = env("SIM_IT_DB_USER", "root");
    private static final String PASSWORD = env("SIM_IT_DB_PASSWORD", "");
    private static final Pattern TABLE_MAP = Pattern.compile("table_id: (\\d+) \\((\\w+)\\.(\\w+)\\)");
    private static final Pattern TABLE_ID = Pattern.compile("table_id: (\\d+)");

    private static final Set<String> SHAPES = Set.of(
            "W:sales W:sale_items U:inventory W:inventory_adjustments",          // sale
            "U:sales W:refunds U:inventory W:inventory_adjustments",             // void, refund
            "W:prescriptions U:inventory W:inventory_adjustments",               // prescription
            "U:inventory W:inventory_adjustments",                               // delivery, write-off, count, transfer leg
            "U:users",                                                           // role change
            "U:products",                                                        // price change
            "W:refunds",                                                         // refund without a sale (anomaly)
            "U:inventory");                                                      // stock decrease without a sale (anomaly)

    @Test
    void everyTransactionIsOnePosAction() throws Exception {
        String db = "sim_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
            try {
                String[] options = {"--url", SERVER + db, "--user", USER, "--password=" + PASSWORD};
                assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(options, "init", "--customers", "100")));
                String file;
                long position;
                try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                    assertTrue(rs.next(), "the binlog is off on " + SERVER);
                    file = rs.getString(1);
                    position = rs.getLong(2);
                }
                assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(options, "history", "--days", "1",
                        "--sales-per-day", "1500", "--seed", "3", "--until", "2026-11-25T00:00:00Z", "--no-progress")));

                Map<String, Integer> shapes = shapes(st, db, file, position);
                Map<String, Integer> unexpected = new TreeMap<>(shapes);
                unexpected.keySet().removeAll(SHAPES);
                assertEquals(Map.of(), unexpected, "transactions that are no POS action");
                try (Statement q = c.createStatement()) {
                    q.execute("USE " + db);
                }
                assertEquals(count(st, "SELECT COUNT(*) FROM sales"),
                        shapes.get("W:sales W:sale_items U:inventory W:inventory_adjustments"), "one transaction per sale");
                assertEquals(count(st, "SELECT COUNT(*) FROM refunds WHERE sale_id IS NOT NULL"),
                        shapes.get("U:sales W:refunds U:inventory W:inventory_adjustments"), "one per void or refund");
                assertEquals(count(st, "SELECT COUNT(*) FROM prescriptions"),
                        shapes.get("W:prescriptions U:inventory W:inventory_adjustments"), "one per prescription");
            } finally {
                st.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    /** Shape of each transaction touching {@code db}, from the given binlog position on. */
    private static Map<String, Integer> shapes(Statement st, String db, String file, long position) throws Exception {
        List<String> files = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                if (rs.getString(1).compareTo(file) >= 0) {
                    files.add(rs.getString(1));
                }
            }
        }
        Map<String, String> tables = new HashMap<>();
        Map<String, Integer> shapes = new HashMap<>();
        List<String> current = null;
        boolean ours = false;
        for (String f : files) {
            String sql = "SHOW BINLOG EVENTS IN '" + f + "'" + (f.equals(file) ? " FROM " + position : "");
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    String type = rs.getString("Event_type");
                    String info = rs.getString("Info");
                    if (type.equals("Gtid")) {
                        current = new ArrayList<>();
                        ours = false;
                    } else if (type.equals("Table_map")) {
                        Matcher m = TABLE_MAP.matcher(info);
                        if (m.find()) {
                            tables.put(m.group(1), m.group(2).equals(db) ? m.group(3) : null);
                            ours |= m.group(2).equals(db);
                        }
                    } else if (type.endsWith("_rows_v1") && current != null) {
                        Matcher m = TABLE_ID.matcher(info);
                        if (m.find() && tables.get(m.group(1)) != null) {
                            current.add(type.substring(0, 1).toUpperCase(Locale.ROOT) + ":" + tables.get(m.group(1)));
                        }
                    } else if (current != null && (type.equals("Xid") || "COMMIT".equals(info))) {
                        if (ours) {
                            shapes.merge(String.join(" ", current), 1, Integer::sum);
                        }
                        current = null;
                    }
                }
            }
        }
        return shapes;
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value != null ? value : fallback;
    }
}
