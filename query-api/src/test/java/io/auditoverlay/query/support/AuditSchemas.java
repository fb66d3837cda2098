package io.auditoverlay.query.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Prepares the tables query-api reads, the way their owners create them: each owner's own Flyway
 * migrations from the sibling module (docs/architecture.md, "PostgreSQL"), in the test database
 * ({@code AUDIT_TEST_DB_NAME}, default audit_test).
 *
 * <p>Also gives each run its own branch ids: the branch-manager test token sees
 * {@link #branch(int) branch(1)} and {@code branch(2)}, which no other run uses.
 */
public class AuditSchemas implements QuarkusTestResourceLifecycleManager {

    /** This run's id; all test data carries it. */
    public static final String RUN = run();

    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    static {
        OWNERS.put("changes", "normalizer-service");
        OWNERS.put("business", "inference-service");
        OWNERS.put("insights", "ai-service");
    }

    private static synchronized String run() {
        // A system property, not a static field: the resource and the test may see different class loaders.
        String run = System.getProperty("audit.test.run");
        if (run == null) {
            run = UUID.randomUUID().toString().substring(0, 8);
            System.setProperty("audit.test.run", run);
        }
        return run;
    }

    public static String branch(int n) {
        return "qa" + RUN + "-b" + n;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("audit.test.jdbc-url"), user(), password());
    }

    @Override
    public Map<String, String> start() {
        String database = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test");
        String host = System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AUDIT_DB_PORT", "5432");
        createDatabase(host, port, database);
        String jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        System.setProperty("audit.test.jdbc-url", jdbcUrl);
        OWNERS.forEach((schema, module) -> prepare(jdbcUrl, schema, module));
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "audit.security.tokens.test-manager.branches", branch(1) + "," + branch(2));
    }

    @Override
    public void stop() {
        // Test data stays: it is unique to this run and the trail is append-only by design.
    }

    private static void prepare(String jdbcUrl, String schema, String module) {
        Path dir = migrations(module);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no migrations of " + schema + " in " + dir.toAbsolutePath());
        }
        Flyway.configure().dataSource(jdbcUrl, user(), password()).schemas(schema)
                .locations("filesystem:" + dir.toAbsolutePath()).load().migrate();
    }

    private static Path migrations(String module) {
        return Path.of("..", module, "src", "main", "resources", "db", "migration");
    }

    private static void createDatabase(String host, String port, String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user(), password());
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create database " + database, e);
            }
        }
    }

    private static String user() {
        return System.getenv().getOrDefault("AUDIT_DB_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("AUDIT_DB_PASSWORD", "");
    }
}
