package io.auditoverlay.ai.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventRows;
import io.auditoverlay.model.json.AuditJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The tables this service reads, created by their owners' own Flyway migrations
 * (docs/architecture.md, "PostgreSQL"): normalizer-service's into {@value #CHANGES}, inference-service's
 * into {@value #BUSINESS} — schemas of ai-service's tests, so that other modules' test data stays out
 * of them and theirs is never touched. The test profile points {@code audit.ai.source.*} there.
 */
public final class Fixtures {

    /** normalizer-service's schema ({@code changes} in production), migrated for these tests. */
    public static final String CHANGES = "ai_test_changes";
    /** inference-service's schema ({@code business} in production), migrated for these tests. */
    public static final String BUSINESS = "ai_test_business";

    private static final ObjectMapper JSON = AuditJson.mapper();

    private Fixtures() {
    }

    public static void create(DataSource dataSource) {
        migrate(dataSource, CHANGES, "normalizer-service");
        migrate(dataSource, BUSINESS, "inference-service");
    }

    /** The owner module's migrations, read from its sources beside this module (tests run in ai-service/). */
    private static synchronized void migrate(DataSource dataSource, String schema, String owner) {
        Path migrations = Path.of("..", owner, "src", "main", "resources", "db", "migration").toAbsolutePath();
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("no migrations of " + owner + " in " + migrations);
        }
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("filesystem:" + migrations).load().migrate();
    }

    public static void insert(DataSource dataSource, Collection<BusinessEvent> events) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + BUSINESS + ".business_event (" + BusinessEventRows.COLUMNS + ", rule) VALUES ("
                        + BusinessEventRows.PLACEHOLDERS + ", 'test') ON CONFLICT (id) DO NOTHING")) {
            for (BusinessEvent e : events) {
                BusinessEventRows.bind(ps, e, JSON.writeValueAsString(e.attributes()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A branches row as the normalizer stores it (DATETIME/TIME as strings). */
    public static void branch(DataSource dataSource, String id, String zone, String opens, String closes) throws SQLException {
        referenceRow(dataSource, "branches", "CREATE", id,
                "{\"id\": %s, \"code\": \"B%s\", \"timezone\": \"%s\", \"opens_at\": \"%s\", \"closes_at\": \"%s\"}"
                        .formatted(id, id, zone, opens, closes));
    }

    /** A products row as the normalizer stores it (DECIMAL as a JSON number). */
    public static void product(DataSource dataSource, String id, String schedule, String cost) throws SQLException {
        referenceRow(dataSource, "products", "READ", id, "{\"id\": %s, \"sku\": \"SKU-%s\", \"schedule\": %s, \"cost\": %s}"
                .formatted(id, id, schedule == null ? "null" : "\"" + schedule + "\"", cost));
    }

    /** One change_event row committed now; the month's partition is created first, as the normalizer does. */
    private static void referenceRow(DataSource dataSource, String table, String op, String id, String after)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT " + CHANGES + ".ensure_change_event_partition(now())");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CHANGES + ".change_event (event_id, source,"
                    + " database_name, table_name, op, primary_key, after, changed_columns, committed_at, schema_version)"
                    + " VALUES (?, 'pos', 'pharmacy', ?, ?, ?::jsonb, ?::jsonb, '{}', now(), 1)")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, table);
                ps.setString(3, op);
                ps.setString(4, "{\"id\": " + id + "}");
                ps.setString(5, after);
                ps.executeUpdate();
            }
        }
    }

    public static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
