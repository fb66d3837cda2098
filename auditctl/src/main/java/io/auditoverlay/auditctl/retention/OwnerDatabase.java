package io.auditoverlay.auditctl.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * The owner role's connection to the audit database: {@code AUDIT_DB_HOST}, {@code AUDIT_DB_PORT},
 * {@code AUDIT_DB_NAME} as the services use them, and the owner's own credentials
 * {@code AUDIT_DB_OWNER} / {@code AUDIT_DB_OWNER_PASSWORD} (or a file named by
 * {@code AUDIT_DB_OWNER_PASSWORD_FILE} / {@code AUDIT_DB_OWNER_PASSWORD__FILE}); locally the
 * owner falls back to the {@code postgres} superuser. A service role is refused.
 */
public final class OwnerDatabase {

    private final Map<String, String> env;

    public OwnerDatabase(Map<String, String> env) {
        this.env = env;
    }

    public String url() {
        return url(env.getOrDefault("AUDIT_DB_NAME", "audit"));
    }

    public String url(String database) {
        return "jdbc:postgresql://" + env.getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":" + env.getOrDefault("AUDIT_DB_PORT", "5432")
                + "/" + database;
    }

    public String user() {
        return env.getOrDefault("AUDIT_DB_OWNER", "postgres");
    }

    public Connection connect() throws SQLException, IOException {
        return connect(url());
    }

    public Connection connect(String url) throws SQLException, IOException {
        Properties p = new Properties();
        p.setProperty("user", user());
        String password = password();
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "auditctl retention");
        return DriverManager.getConnection(url, p);
    }

    private String password() throws IOException {
        String direct = env.get("AUDIT_DB_OWNER_PASSWORD");
        if (direct != null && !direct.isEmpty()) {
            return direct;
        }
        String file = env.getOrDefault("AUDIT_DB_OWNER_PASSWORD_FILE", env.get("AUDIT_DB_OWNER_PASSWORD__FILE"));
        return file == null ? null : Files.readString(Path.of(file)).strip();
    }

    /** Fails unless the connected role is a superuser or owns changes.change_event (what DETACH needs). */
    public static String requireOwner(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), pg_get_userbyid(c.relowner)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'changes' AND c.relname = 'change_event'""")) {
            if (!rs.next()) {
                throw new RetentionException("the audit database has no changes.change_event: is AUDIT_DB_NAME right?");
            }
            String user = rs.getString(1);
            if (!rs.getBoolean(2) && !user.equals(rs.getString(3))) {
                throw new RetentionException("retention runs as the owner of the audit schemas (" + rs.getString(3)
                        + "), never as a service role; connected as " + user + ". Set AUDIT_DB_OWNER and AUDIT_DB_OWNER_PASSWORD(_FILE)");
            }
            return user;
        }
    }
}
