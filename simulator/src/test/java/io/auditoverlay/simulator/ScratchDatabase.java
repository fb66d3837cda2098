package io.auditoverlay.simulator;

import io.auditoverlay.simulator.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A throw-away database on a real MariaDB or MySQL server, dropped afterwards. The server is the
 * machine's own MariaDB by default (no binlog needed); point the tests elsewhere with
 * {@code SIM_TEST_DB_URL} (server URL ending in {@code /}), {@code SIM_TEST_DB_USER},
 * {@code SIM_TEST_DB_PASSWORD} or the same names as system properties in lower case with dots
 * ({@code sim.test.db.url}, ...). The user needs CREATE and DROP on {@code sim_test_%}.
 */
final class ScratchDatabase implements AutoCloseable {

    static final String SERVER = setting("SIM_TEST_DB_URL", "jdbc:mariadb://127.0.0.1:3306/");
    static final String USER = setting("SIM_TEST_DB_USER", "root");
    static final String PASSWORD = setting("SIM_TEST_DB_PASSWORD", "");

    private final String name = "sim_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    ScratchDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    String url() {
        return SERVER + name;
    }

    Database database() {
        return new Database(url(), USER, PASSWORD);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    /** The connection options of the CLI, pointing at this database. */
    String[] cliOptions() {
        return new String[] {"--url", url(), "--user", USER, "--password=" + PASSWORD};
    }

    /** Every row of a table, ordered by its primary key, each rendered as text. */
    List<String> dump(String table, String orderBy) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private static String setting(String env, String fallback) {
        String property = System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null) {
            return property;
        }
        String value = System.getenv(env);
        return value != null ? value : fallback;
    }
}
