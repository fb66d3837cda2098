package io.auditoverlay.query.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.integrity.ChainAppender;
import io.auditoverlay.model.integrity.ChainEntry;
import io.auditoverlay.model.integrity.ChainLink;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.json.JsonbText;

/** Writes test rows into the owners' tables, the way normalizer, inference and ai-service would. */
public final class TrailFixture {

    /** Decimals as BigDecimal, as the normalizer reads them (not AuditJson: its mapper is loaded by Quarkus' class loader in some tests). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    private TrailFixture() {
    }

    public static long next() {
        return SEQ.incrementAndGet();
    }

    /** A source-qualified transaction id unique to this run. */
    public static String transactionId() {
        return "qa" + AuditSchemas.RUN + ":0-1-" + next();
    }

    public static UUID change(String branch, String table, String op, String pk, String before, String after,
                              String transactionId, long order, Instant committedAt) {
        return change(branch, table, op, pk, before, after, transactionId, order, committedAt, ChainLink.LEAF_CANONICAL);
    }

    /**
     * A change row linked in the given leaf format. Format 1 (links before format 2): the JSON as given,
     * the leaf from the stored row. Format 2 (what the normalizer writes now): the images rewritten in
     * jsonb's spelling ({@link JsonbText}) and the leaf computed from the event and the written text, as
     * the normalizer does ({@link ChainedTable#changeLeafV2}), so verify checks the writer's leaf.
     */
    public static UUID change(String branch, String table, String op, String pk, String before, String after,
                              String transactionId, long order, Instant committedAt, int leafFormat) {
        UUID id = UUID.randomUUID();
        CanonicalChangeEvent event = null;
        if (leafFormat == ChainLink.LEAF_JSONB_TEXT) {
            SourcePosition at = new SourcePosition(7L, "mb.000001", 4000 + next(), 0,
                    transactionId == null ? null : transactionId.substring(transactionId.indexOf(':') + 1), false);
            event = new CanonicalChangeEvent(id, "qa", "pharmacy", table, Operation.valueOf(op), map(pk), map(before), map(after),
                    // In microseconds: JDBC rounds a time's nanoseconds half up, PostgreSQL's text input (the normalizer's path)
                    // and the leaf half to even; a capture time ending in 500 ns would differ by a microsecond.
                    List.of("id"), transactionId, order, committedAt, Instant.now().truncatedTo(ChronoUnit.MICROS), at, branch, 1);
            pk = JsonbText.write(event.primaryKey(), JSON);
            before = JsonbText.write(event.before(), JSON);
            after = JsonbText.write(event.after(), JSON);
        }
        try (Connection c = AuditSchemas.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO changes");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT changes.ensure_change_event_partition(?)")) {
                ps.setObject(1, odt(committedAt));
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO changes.change_event (event_id, source, database_name, "
                    + "table_name, op, primary_key, before, after, changed_columns, transaction_id, transaction_order, committed_at, "
                    + "captured_at, server_id, binlog_file, binlog_pos, binlog_row, gtid, snapshot, branch_id, schema_version) "
                    + "VALUES (?, 'qa', 'pharmacy', ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, 7, 'mb.000001', ?, 0, ?, false, ?, 1)")) {
                ps.setObject(1, id);
                ps.setString(2, table);
                ps.setString(3, op);
                ps.setString(4, pk);
                ps.setString(5, before);
                ps.setString(6, after);
                ps.setArray(7, c.createArrayOf("text", new String[] {"id"}));
                ps.setString(8, transactionId);
                ps.setLong(9, order);
                ps.setObject(10, odt(committedAt));
                ps.setObject(11, event == null ? OffsetDateTime.now(ZoneOffset.UTC) : odt(event.capturedAt()));
                ps.setLong(12, event == null ? 4000 + next() : event.position().pos());
                ps.setString(13, transactionId == null ? null : transactionId.substring(transactionId.indexOf(':') + 1));
                ps.setString(14, branch);
                ps.executeUpdate();
            }
            if (event == null) {
                link(c, ChainedTable.CHANGE_EVENT, "qa", id);
            } else {
                new ChainAppender(ChainedTable.CHANGE_EVENT.table(), ChainLink.LEAF_JSONB_TEXT).append(c, List.of(ChainEntry.ofChange("qa", id,
                        ChainedTable.changeLeafV2(event, pk, before, after), event.position())));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static void sourceTransaction(String transactionId, long eventCount, Instant endedAt) {
        exec("INSERT INTO changes.source_transaction (transaction_id, source, event_count, data_collections, ended_at) "
                + "VALUES (?, 'qa', ?, '[]'::jsonb, ?)", transactionId, eventCount, odt(endedAt));
    }

    /** The event's search words, as inference-service writes them with the event. */
    public static void words(Connection c, UUID event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO business.business_event_word (word, occurred_at, event_id) "
                + "SELECT w, e.occurred_at, e.id FROM business.business_event e, unnest(business.search_words(e.attributes)) AS w "
                + "WHERE e.id = ?")) {
            ps.setObject(1, event);
            ps.executeUpdate();
        }
    }

    public static UUID businessEvent(String type, String branch, String actor, String subjectType, String subjectId,
                                     Instant occurredAt, String transactionId, String attributes, List<UUID> sources) {
        UUID id = UUID.randomUUID();
        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO business.business_event "
                + "(id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id, attributes, "
                + "source_event_ids, rule, partial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'test-rule', false)")) {
            ps.setObject(1, id);
            ps.setString(2, type);
            ps.setString(3, branch);
            ps.setString(4, actor);
            ps.setString(5, subjectType);
            ps.setString(6, subjectId);
            ps.setObject(7, odt(occurredAt));
            ps.setString(8, transactionId);
            ps.setString(9, attributes);
            ps.setArray(10, c.createArrayOf("uuid", sources.toArray()));
            c.setAutoCommit(false);
            ps.executeUpdate();
            words(c, id);
            link(c, ChainedTable.BUSINESS_EVENT, "qa", id);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static UUID anomaly(String branch, String severity, String status, Instant detectedAt, List<UUID> evidence) {
        UUID id = UUID.randomUUID();
        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO insights.anomaly "
                + "(id, detector, severity, score, branch_id, subject_type, subject_id, window_start, window_end, evidence, "
                + "explanation, status, detected_at) VALUES (?, 'void-rate', ?, 4.2, ?, 'user', '31', ?, ?, ?, "
                + "'cashier 31 voided 9 of 20 sales', ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, severity);
            ps.setString(3, branch);
            ps.setObject(4, odt(detectedAt.minusSeconds(3600)));
            ps.setObject(5, odt(detectedAt));
            ps.setArray(6, c.createArrayOf("uuid", evidence.toArray()));
            ps.setString(7, status);
            ps.setObject(8, odt(detectedAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static void summary(String branch, LocalDate date, String text) {
        exec("INSERT INTO insights.daily_summary (branch_id, summary_date, facts, text, written_by) "
                + "VALUES (?, ?, '{\"sales\": 12, \"voids\": 1}'::jsonb, ?, 'template') ON CONFLICT DO NOTHING", branch, date, text);
    }

    /** One POS sale as the reference schema writes it: sale, 2 items, 2 stock moves, 2 adjustments; and its business events. */
    public static Sale sale(String branch, long saleId, String cashier, Instant at) {
        return sale(branch, saleId, cashier, at, ChainLink.LEAF_CANONICAL);
    }

    /** A sale whose change rows are linked in the given leaf format (business events: format 1, as inference writes them). */
    public static Sale sale(String branch, long saleId, String cashier, Instant at, int changeLeafFormat) {
        String tx = transactionId();
        List<UUID> rows = new ArrayList<>();
        // Format 2 rows also carry escapes and non-ASCII text, which jsonb's spelling must get right.
        String note = changeLeafFormat == ChainLink.LEAF_JSONB_TEXT ? ",\"note\":\"tab\\t \\\"quoted\\\" é 😀 \\u0001 /\"" : "";
        rows.add(change(branch, "sales", "CREATE", "{\"id\":" + saleId + "}", null,
                "{\"id\":" + saleId + ",\"branch_id\":" + branch.hashCode() + ",\"status\":\"COMPLETED\",\"total\":12.50" + note + "}",
                tx, 1, at, changeLeafFormat));
        long order = 2;
        for (long product : new long[] {501, 502}) {
            rows.add(change(branch, "sale_items", "CREATE", "{\"id\":" + next() + "}", null,
                    "{\"sale_id\":" + saleId + ",\"product_id\":" + product + ",\"quantity\":1}", tx, order++, at, changeLeafFormat));
            rows.add(change(branch, "inventory", "UPDATE", "{\"branch_id\":7,\"product_id\":" + product + "}",
                    "{\"quantity\":10}", "{\"quantity\":9}", tx, order++, at, changeLeafFormat));
            rows.add(change(branch, "inventory_adjustments", "CREATE", "{\"id\":" + next() + "}", null,
                    "{\"product_id\":" + product + ",\"delta\":-1,\"reason\":\"SALE\"}", tx, order++, at, changeLeafFormat));
        }
        sourceTransaction(tx, rows.size(), at);
        UUID completed = businessEvent("sale.completed", branch, cashier, "sale", String.valueOf(saleId), at, tx,
                "{\"total\": 12.50, \"items\": 2, \"paymentMethod\": \"CARD\"}", rows);
        return new Sale(tx, completed, rows);
    }

    public record Sale(String transactionId, UUID businessEventId, List<UUID> changeIds) {
    }

    /** Links a stored row into its table's chain, as its owner's write path does (docs/integrity.md). */
    static void link(Connection c, ChainedTable table, String source, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(table.selectByIds())) {
            ps.setArray(1, c.createArrayOf("uuid", new Object[] {id}));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                ChainEntry entry = table == ChainedTable.CHANGE_EVENT
                        ? ChainEntry.ofChange(source, id, table.leaf(rs), table.sourcePosition(rs))
                        : new ChainEntry(source, id.toString(), table.leaf(rs), table.position(rs));
                new ChainAppender(table.table()).append(c, List.of(entry));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    public static void exec(String sql, Object... params) {
        try (Connection c = AuditSchemas.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
