package io.auditoverlay.query.volume;

import static io.auditoverlay.query.volume.PlanFixtures.env;
import static io.auditoverlay.query.volume.PlanFixtures.password;
import static io.auditoverlay.query.volume.PlanFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.business.BusinessEventFilter;
import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.support.TrailFixture;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;

/**
 * The search by word (inference V41's {@code business_event_word}, written here as inference-service's
 * store writes it; query-api's {@code BusinessEventSearch}) on a real database: whole words only, the same answers as a scan of the table page after page,
 * the substring path for a text that is no word, the trigram step when a word's candidates run out,
 * words typed halfway (the start of words), and the words of events stored before the migration.
 */
class WordSearchIT {

    private static final String DATABASE = System.getenv().getOrDefault("AUDIT_TEST_DB_NAME", "audit_test") + "_words";
    private static final Instant START = Instant.parse("2026-09-01T08:00:00Z");
    /** Events with the word "sale": more than the last word step reads for a page of one. */
    private static final int SALES = 1000;
    private static final int LOTS = 40;
    private static Connection connection;
    private static Repositories repositories;

    @BeforeAll
    static void load() throws SQLException {
        String url = "jdbc:postgresql://" + env("AUDIT_DB_HOST", "127.0.0.1") + ":" + env("AUDIT_DB_PORT", "5432") + "/";
        try (Connection admin = DriverManager.getConnection(url + "postgres", user(), password()); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + DATABASE + "\" WITH (FORCE)");
            s.execute("CREATE DATABASE \"" + DATABASE + "\"");
        }
        String migrations = "filesystem:" + Path.of("..", "inference-service", "src/main/resources/db/migration").toAbsolutePath();
        Flyway.configure().dataSource(url + DATABASE, user(), password()).schemas("business").locations(migrations).target("40")
                .load().migrate();
        connection = DriverManager.getConnection(url + DATABASE, user(), password());
        insert(0, "3", "inventory.adjusted", "{\"reason\": \"Backfilled before the word index\"}");
        Flyway.configure().dataSource(url + DATABASE, user(), password()).schemas("business").locations(migrations).load().migrate();
        insert(1, "1", "sale.completed", "{\"paymentMethod\": \"CARD\", \"total\": 12.50}");
        insert(2, "2", "sale.voided", "{\"reason\": \"discard\", \"paymentMethod\": \"CASH\"}");
        insert(3, "1", "inventory.adjusted", "{\"note\": \"cardigan returned\"}");
        insert(4, "2", "sale.completed", "{\"paymentMethod\": \"card\", \"items\": [{\"name\": \"Ibuprofen\"}]}");
        insert(5, "1", "sale.voided", "{\"reason\": \"customer changed mind\", \"paymentMethod\": \"INSURANCE\"}");
        insert(6, "2", "sale.voided", "{\"reason\": \"customer changed her order\"}");
        insert(7, "1", "prescription.dispensed", "{\"controlled\": true, \"note\": \"Trueblood\"}");
        insert(8, "1", "inventory.adjusted", "{\"note\": \"Trueblood\"}");
        insert(9, "2", "sale.refunded", "{\"reason\": \"customer\", \"note\": \"return\"}");
        insert(10, "2", "sale.refunded", "{\"reason\": \"customer returned\"}");
        // The oldest "sale" note is the one searched last: 999 is the first in time, 0 the newest.
        for (int n = 0; n < SALES; n++) {
            insert(10 + SALES - n, n % 2 == 0 ? "1" : "2", "inventory.adjusted", "{\"reason\": \"SALE\", \"note\": \"sale " + n + "\"}");
        }
        // Lots ZQ0X..ZQ39X: "zq" begins 40 words; AZQY holds it inside a word.
        for (int k = 0; k < LOTS; k++) {
            insert(2000 + k, "1", "inventory.received", "{\"lot\": \"ZQ" + k + "X\"}");
        }
        insert(2000 + LOTS, "2", "inventory.received", "{\"lot\": \"AZQY\"}");
        repositories = new Repositories(Explaining.plain(connection));
    }

    @AfterAll
    static void drop() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        String url = "jdbc:postgresql://" + env("AUDIT_DB_HOST", "127.0.0.1") + ":" + env("AUDIT_DB_PORT", "5432") + "/postgres";
        try (Connection admin = DriverManager.getConnection(url, user(), password()); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + DATABASE + "\" WITH (FORCE)");
        }
    }

    @Test
    void aWordMatchesWholeWordsOnlyNewestFirst() {
        assertEquals(List.of(id(4), id(1)), ids(search("card", null, 50)), "CARD and card, not discard or cardigan");
        assertEquals(List.of(id(5)), ids(search("changed mind", null, 50)), "the phrase, through its word 'changed'");
        assertEquals(List.of(id(4)), ids(search("IBUPROFEN", null, 50)), "a word of a nested value");
        assertEquals(List.of(id(7)), ids(search("true", null, 50)), "a boolean, not Trueblood");
    }

    @Test
    void everyWordOfTheTextThatIsAWordOfTheTrailIsHeldWhole() {
        assertEquals(List.of(id(10), id(9), id(6), id(5)), ids(search("customer", null, 50)));
        assertEquals(List.of(), ids(search("customer return", null, 50)), "9 holds both words, not the text; 10 holds returned");
        assertEquals(List.of(id(10)), ids(search("customer returne", null, 50)), "returne is no word: a substring of returned");
    }

    @Test
    void aTextThatIsNoWordIsSearchedAsTheStartOfWords() {
        assertEquals(List.of(id(5)), ids(search("insur", null, 50)), "INSURANCE");
        assertEquals(List.of(id(10), id(9), id(6), id(5)), ids(search("CUSTO", null, 50)));
        assertEquals(List.of(id(3)), ids(search("cardig", null, 50)), "cardigan, the only word it begins");
        assertEquals(List.of(id(3)), ids(search("cardigan ret", null, 50)), "the whole text is still held");
    }

    @Test
    void aTextThatBeginsNoWordIsSearchedAsASubstring() {
        assertEquals(List.of(id(3)), ids(search("ARDIG", null, 50)), "in cardigan");
        assertEquals(List.of(id(2)), ids(search("iscar", null, 50)), "in discard");
        assertEquals(List.of(id(10), id(3)), ids(search("turned", null, 50)), "in returned");
    }

    @Test
    void everyPageOfAPrefixIsTheTableScansPage() throws SQLException {
        List<UUID> expected = scan("%sal%", "EXISTS (SELECT 1 FROM unnest(business.search_words(attributes)) w WHERE starts_with(w, 'sal'))");
        assertEquals(SALES, expected.size());
        assertEquals(expected, allPages("sal"));
    }

    @Test
    void aPrefixOfMoreThan32WordsIsSearchedAsASubstring() throws SQLException {
        // "zq" begins 40 words: every event whose attributes hold the text, also AZQY.
        List<UUID> expected = scan("%zq%", "true");
        assertEquals(LOTS + 1, expected.size());
        assertTrue(expected.contains(id(2000 + LOTS)), "AZQY");
        assertEquals(expected, allPages("zq"));
        assertEquals(List.of(id(2000 + 7)), ids(search("zq7", null, 50)), "ZQ7X, the only word it begins");
    }

    private static List<UUID> scan(String like, String condition) throws SQLException {
        List<UUID> expected = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM business.business_event WHERE attributes::text ILIKE ? AND "
                + condition + " ORDER BY occurred_at DESC, id DESC")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expected.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return expected;
    }

    private static List<UUID> allPages(String q) {
        List<UUID> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<BusinessEventView> page = repositories.events.list(filter(q, null), QueryPlanIT.AUDITOR, 37,
                    cursor == null ? null : Cursor.parse(cursor));
            paged.addAll(ids(page));
            cursor = page.nextCursor();
        } while (cursor != null);
        return paged;
    }

    @Test
    void eventsStoredBeforeTheWordIndexAreFound() throws SQLException {
        assertEquals(List.of(id(0)), ids(search("backfilled", null, 50)));
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM business.business_event_word WHERE event_id = '" + id(0) + "'")) {
            rs.next();
            assertEquals(5, rs.getInt(1), "backfilled, before, the, word, index");
        }
    }

    @Test
    void everyPageOfACommonWordIsTheTableScansPage() throws SQLException {
        List<UUID> expected = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id FROM business.business_event WHERE attributes::text ILIKE '%sale%' "
                        + "AND 'sale' = ANY(business.search_words(attributes)) ORDER BY occurred_at DESC, id DESC")) {
            while (rs.next()) {
                expected.add(rs.getObject(1, UUID.class));
            }
        }
        assertEquals(SALES, expected.size());
        List<UUID> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<BusinessEventView> page = repositories.events.list(filter("sale", null), QueryPlanIT.AUDITOR, 37,
                    cursor == null ? null : Cursor.parse(cursor));
            paged.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(expected, paged);
        assertEquals((SALES + 36) / 37, pages);
    }

    @Test
    void aPhraseRareAmongItsWordsCandidatesIsFoundByTheTrigramStep() {
        // A page of one reads 8, 80, then 800 of the 1,000 "sale" events newest first: "sale 999" is the oldest.
        assertEquals(List.of(id(10 + SALES - 999)), ids(search("sale 999", null, 1)));
        assertEquals(List.of(id(10 + SALES - 998)), ids(search("sale 998", "1", 1)), "with a branch filter");
        assertEquals(List.of(), ids(search("sale 999", "1", 1)), "sale 999 is at branch 2");
    }

    @Test
    void filtersAndABranchManagersScopeApplyToTheWordsCandidates() {
        assertEquals(List.of(id(4)), ids(search("card", "2", 50)));
        Caller manager = new Caller("words-manager", "branch-manager", Optional.of(Set.of("1")));
        assertEquals(List.of(id(1)), ids(repositories.events.list(filter("card", null), manager, 50, null)));
    }

    private static Page<BusinessEventView> search(String q, String branch, int limit) {
        return repositories.events.list(filter(q, branch), QueryPlanIT.AUDITOR, limit, null);
    }

    private static BusinessEventFilter filter(String q, String branch) {
        return new BusinessEventFilter(null, branch, null, null, null, null, q, null, null);
    }

    private static List<UUID> ids(Page<BusinessEventView> page) {
        return page.items().stream().map(BusinessEventView::id).toList();
    }

    private static UUID id(int n) {
        return UUID.nameUUIDFromBytes(("word-search-" + n).getBytes());
    }

    /** Event {@code n}, {@code n} minutes after the start: a higher n is newer. */
    private static void insert(int n, String branch, String type, String attributes) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO business.business_event (id, type, branch_id, occurred_at, "
                + "transaction_id, attributes, source_event_ids, rule) VALUES (?, ?, ?, ?, ?, ?::jsonb, '{}', 'test')")) {
            ps.setObject(1, id(n));
            ps.setString(2, type);
            ps.setString(3, branch);
            ps.setObject(4, OffsetDateTime.ofInstant(START.plusSeconds(60L * n), ZoneOffset.UTC));
            ps.setString(5, "words:0-1-" + n);
            ps.setString(6, attributes);
            ps.executeUpdate();
        }
        if (n > 0) { // event 0 is stored before the migration, which indexes it
            TrailFixture.words(connection, id(n));
        }
    }
}
