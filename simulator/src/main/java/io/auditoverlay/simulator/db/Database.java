package io.auditoverlay.simulator.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the source database is and how to connect to it.
 *
 * @param url JDBC URL, e.g. {@code jdbc:mariadb://127.0.0.1:3307/pharmacy}
 */
public record Database(String url, String user, String password) {

    public static final String DEFAULT_URL = "jdbc:mariadb://127.0.0.1:3307/pharmacy";
    public static final String DEFAULT_USER = "pos";

    /**
     * Opens a connection able to take several statements in one round trip: each POS action is
     * still its own transaction, but a few of them travel together, which is what makes 90 days
     * of a chain's activity fit in minutes.
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("allowMultiQueries", "true");
        props.setProperty("connectTimeout", "10000");
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + url + " as " + user + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
