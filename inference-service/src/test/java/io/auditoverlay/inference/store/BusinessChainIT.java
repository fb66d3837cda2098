package io.auditoverlay.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.rules.InferredEvent;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.ChainVerifier;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.json.AuditJson;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * inference's write path links what it stores: a batch becomes one link of its source's chain, a
 * redelivered batch (rows already stored) adds none, and the chain verifies; the stored events'
 * search words are written once. Needs the local PostgreSQL.
 */
class BusinessChainIT {

    @Test
    void storedEventsAreLinkedOnce_andTheChainVerifies() throws Exception {
        PGSimpleDataSource ds = migrated();
        String source = "chaintest" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minusSeconds(1);
        List<InferredEvent> events = List.of(event(source, "1"), event(source, "2"), event(source, "3"));
        JdbcEventStore store = new JdbcEventStore(ds, AuditJson.mapper());
        store.write(events, List.of(), List.of());
        store.write(events, List.of(), List.of()); // a redelivery: nothing new, no link
        try (Connection c = ds.getConnection()) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*), max(row_count) FROM business.chain_link WHERE source = '" + source + "'");
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(3, rs.getInt(2));
            c.setAutoCommit(false);
            ChainReport report = new ChainVerifier(c, ChainedTable.BUSINESS_EVENT).verify(start, Instant.now().plusSeconds(1));
            assertTrue(report.ok(), String.valueOf(report.firstBreak()));
            assertTrue(report.rows() >= 3);
            c.rollback();
        }
    }

    @Test
    void storedEventsGetTheirSearchWordsOnce() throws Exception {
        PGSimpleDataSource ds = migrated();
        String source = "wordtest" + UUID.randomUUID().toString().substring(0, 8);
        List<InferredEvent> events = List.of(event(source, "1"), event(source, "2"));
        JdbcEventStore store = new JdbcEventStore(ds, AuditJson.mapper());
        store.write(events, List.of(), List.of());
        store.write(events, List.of(), List.of()); // a redelivery: no word twice
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT string_agg(word, ',' ORDER BY word) FROM business.business_event_word WHERE event_id = '"
                        + events.get(1).event().id() + "'")) {
            rs.next();
            assertEquals("card,damaged,true", rs.getString(1), "words of strings and booleans, lower-cased; no keys, no numbers");
        }
    }

    private static PGSimpleDataSource migrated() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + env("AUDIT_DB_HOST", "127.0.0.1") + ":" + env("AUDIT_DB_PORT", "5432") + "/"
                + env("AUDIT_TEST_DB_NAME", "audit_test"));
        ds.setUser(env("AUDIT_DB_USER", "postgres"));
        ds.setPassword(env("AUDIT_DB_PASSWORD", ""));
        Flyway.configure().dataSource(ds).schemas("business").defaultSchema("business")
                .locations("filesystem:" + Path.of("src/main/resources/db/migration").toAbsolutePath()).load().migrate();
        return ds;
    }

    private static InferredEvent event(String source, String sale) {
        String tx = source + ":0-1-" + sale;
        BusinessEvent e = new BusinessEvent(UUID.randomUUID(), "sale.completed", "1", "7", "sale", sale,
                Instant.parse("2026-11-25T10:15:30.123Z"), tx, Map.of("total", new BigDecimal("12.50"), "items", 2,
                        "paymentMethod", "CARD", "note", "Damaged-card", "loyalty", true),
                List.of(UUID.randomUUID()));
        return new InferredEvent(e, "sale-completed", false);
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }
}
