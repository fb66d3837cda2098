package io.auditoverlay.ai.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventRows;
import io.auditoverlay.model.json.AuditJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test copies of the tables this service reads, in a schema of its own (ai_test_fixture), with the
 * columns docs/architecture.md ("Records") gives them; other services' schemas are never touched.
 */
public final class Fixtures {

    private static final ObjectMapper JSON = AuditJson.mapper();

    private Fixtures() {
    }

    public static void create(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS ai_test_fixture");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS ai_test_fixture.business_event (
                        id uuid PRIMARY KEY, type text NOT NULL, branch_id text, actor_user_id text, subject_type text,
                        subject_id text, occurred_at timestamptz NOT NULL, transaction_id text, attributes jsonb,
                        source_event_ids uuid[], rule text, partial boolean DEFAULT false, stored_at timestamptz DEFAULT now())""");
            s.execute("CREATE INDEX IF NOT EXISTS fixture_be_time ON ai_test_fixture.business_event (occurred_at)");
            s.execute("CREATE INDEX IF NOT EXISTS fixture_be_subject ON ai_test_fixture.business_event (subject_type, subject_id)");
            s.execute("CREATE INDEX IF NOT EXISTS fixture_be_tx ON ai_test_fixture.business_event (transaction_id)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS ai_test_fixture.change_event (
                        event_id uuid NOT NULL, table_name text NOT NULL, op text NOT NULL, primary_key jsonb NOT NULL,
                        after jsonb, committed_at timestamptz NOT NULL)""");
        }
    }

    public static void insert(DataSource dataSource, Collection<BusinessEvent> events) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ai_test_fixture.business_event (" + BusinessEventRows.COLUMNS + ", rule) VALUES ("
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ai_test_fixture.change_event VALUES (?, 'branches', 'CREATE', ?::jsonb, ?::jsonb, now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, "{\"id\": " + id + "}");
            ps.setString(3, "{\"id\": %s, \"code\": \"B%s\", \"timezone\": \"%s\", \"opens_at\": \"%s\", \"closes_at\": \"%s\"}"
                    .formatted(id, id, zone, opens, closes));
            ps.executeUpdate();
        }
    }

    /** A products row as the normalizer stores it (DECIMAL as a JSON number). */
    public static void product(DataSource dataSource, String id, String schedule, String cost) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ai_test_fixture.change_event VALUES (?, 'products', 'READ', ?::jsonb, ?::jsonb, now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, "{\"id\": " + id + "}");
            ps.setString(3, "{\"id\": %s, \"sku\": \"SKU-%s\", \"schedule\": %s, \"cost\": %s}"
                    .formatted(id, id, schedule == null ? "null" : "\"" + schedule + "\"", cost));
            ps.executeUpdate();
        }
    }

    public static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
