package io.auditoverlay.e2e.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege on real PostgreSQL (docs/security.md): every service role of the test database
 * ({@code <database>_normalizer}, {@code _inference}, {@code _ai}, {@code _query}, made by
 * {@code ./overlay infra}) is refused TRUNCATE, DELETE, UPDATE, ALTER TABLE … DISABLE TRIGGER,
 * DETACH PARTITION and DROP on every history table: refused by its privileges (SQLSTATE 42501), not
 * by a trigger that an owner could disable. No service role is a superuser or owns anything.
 */
class ServiceRolesIT {

    private static final String DB = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test");
    private static final String URL = "jdbc:postgresql://" + System.getenv().getOrDefault("AUDIT_DB_HOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("AUDIT_DB_PORT", "5432") + "/" + DB;
    private static final List<String> ROLES = List.of("normalizer", "inference", "ai", "query");
    /** Every append-only table of the trail, by the module that migrates its schema. */
    private static final List<String> HISTORY = List.of("changes.change_event", "changes.source_transaction",
            "changes.chain_link", "business.business_event", "business.chain_link", "insights.anomaly_status_change",
            "insights.chain_link", "api.access_log", "api.tool_call", "api.daily_seal");

    @BeforeAll
    static void migrateEverySchema() {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("changes", "normalizer-service");
        owners.put("business", "inference-service");
        owners.put("insights", "ai-service");
        owners.put("api", "query-api");
        // As the module tests migrate the test database: the local superuser (the services' own
        // Flyway runs as <prefix>_owner in a real installation).
        owners.forEach((schema, module) -> Flyway.configure().dataSource(URL, superuser(), "").schemas(schema).defaultSchema(schema)
                .locations("filesystem:" + Path.of("..", module, "src", "main", "resources", "db", "migration").toAbsolutePath())
                .load().migrate());
    }

    @Test
    void noServiceRoleMayRewriteHistory() throws Exception {
        List<String> allowed = new ArrayList<>();
        for (String role : ROLES) {
            try (Connection c = DriverManager.getConnection(URL, DB + "_" + role, "")) {
                c.setAutoCommit(true);
                for (String table : HISTORY) {
                    for (String sql : List.of("TRUNCATE " + table, "DELETE FROM " + table, "UPDATE " + table + " SET "
                            + firstColumn(c, table) + " = " + firstColumn(c, table), "ALTER TABLE " + table + " DISABLE TRIGGER ALL",
                            "DROP TABLE " + table)) {
                        SQLException refused = assertThrows(SQLException.class, () -> execute(c, sql), role + ": " + sql);
                        if (!"42501".equals(refused.getSQLState())) {
                            allowed.add(role + ": " + sql + " → " + refused.getSQLState() + " " + refused.getMessage());
                        }
                    }
                }
                SQLException detach = assertThrows(SQLException.class, () -> execute(c,
                        "ALTER TABLE changes.change_event DETACH PARTITION " + anyPartition(c)));
                assertEquals("42501", detach.getSQLState(), role + " detach: " + detach.getMessage());
            }
        }
        assertTrue(allowed.isEmpty(), "refused by something other than privileges:\n" + String.join("\n", allowed));
    }

    @Test
    void serviceRolesAreNoSuperusersAndOwnNothing() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, superuser(), ""); Statement s = c.createStatement()) {
            for (String role : ROLES) {
                ResultSet r = s.executeQuery("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls, "
                        + "(SELECT count(*) FROM pg_class WHERE relowner = pg_roles.oid) "
                        + "+ (SELECT count(*) FROM pg_namespace WHERE nspowner = pg_roles.oid) FROM pg_roles WHERE rolname = '"
                        + DB + "_" + role + "'");
                assertTrue(r.next(), "role " + DB + "_" + role + " exists (./overlay infra makes it)");
                assertFalse(r.getBoolean(1), role + " has no administrative attribute");
                assertEquals(0, r.getLong(2), role + " owns no table and no schema");
            }
        }
    }

    @Test
    void eachRoleMayDoItsWorkAndReadOnlyWhatItNeeds() throws Exception {
        try (Connection normalizer = DriverManager.getConnection(URL, DB + "_normalizer", "");
             Connection ai = DriverManager.getConnection(URL, DB + "_ai", "");
             Connection query = DriverManager.getConnection(URL, DB + "_query", "")) {
            execute(normalizer, "SELECT changes.ensure_change_event_partition(now())");
            execute(ai, "SELECT count(*) FROM business.business_event");
            execute(query, "SELECT count(*) FROM changes.change_event");
            SQLException write = assertThrows(SQLException.class, () -> execute(query,
                    "INSERT INTO changes.source_transaction (transaction_id, source, event_count, data_collections) VALUES ('x', 'x', 0, '[]')"));
            assertEquals("42501", write.getSQLState(), "query-api reads the trail, never writes it");
            SQLException partition = assertThrows(SQLException.class, () -> execute(query,
                    "SELECT changes.ensure_change_event_partition(now())"));
            assertEquals("42501", partition.getSQLState(), "only the normalizer makes partitions");
            SQLException grafana = assertThrows(SQLException.class, () -> execute(ai, "SELECT count(*) FROM api.access_log"));
            assertEquals("42501", grafana.getSQLState(), "ai-service does not read the access log");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String firstColumn(Connection c, String table) throws SQLException {
        String[] parts = table.split("\\.");
        try (ResultSet r = c.getMetaData().getColumns(null, parts[0], parts[1], null)) {
            assertTrue(r.next(), table + " exists");
            return r.getString("COLUMN_NAME");
        }
    }

    private static String anyPartition(Connection normalizer) throws SQLException {
        execute(normalizer, "SELECT changes.ensure_change_event_partition(now())");
        try (Statement s = normalizer.createStatement(); ResultSet r = s.executeQuery(
                "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'changes.change_event'::regclass LIMIT 1")) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    private static String superuser() {
        return System.getenv().getOrDefault("AUDIT_DB_USER", "postgres");
    }
}
