package io.auditoverlay.inference.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.processing.EventStore;
import io.auditoverlay.inference.processing.ProcessedTransaction;
import io.auditoverlay.inference.reference.ReferenceRow;
import io.auditoverlay.inference.rules.InferredEvent;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventRows;
import io.auditoverlay.model.integrity.ChainAppender;
import io.auditoverlay.model.integrity.ChainEntry;
import io.auditoverlay.model.integrity.ChainedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code business} schema over plain JDBC: batched, idempotent inserts
 * ({@code ON CONFLICT DO NOTHING} on the v5 ids), one database transaction per batch.
 */
public final class JdbcEventStore implements EventStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final String INSERT_EVENT = "INSERT INTO business.business_event (" + BusinessEventRows.COLUMNS
            + ", rule, partial, source) VALUES (" + BusinessEventRows.PLACEHOLDERS + ", ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String UPSERT_TRANSACTION = """
            INSERT INTO business.processed_transaction (transaction_id, source, completion, partial, changes,
                announced_changes, business_events, only_fallback)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (transaction_id) DO UPDATE SET completion = EXCLUDED.completion, partial = EXCLUDED.partial,
                changes = EXCLUDED.changes, announced_changes = EXCLUDED.announced_changes,
                business_events = EXCLUDED.business_events, only_fallback = EXCLUDED.only_fallback, processed_at = now()
            WHERE business.processed_transaction.partial""";
    private static final String UPSERT_REFERENCE = """
            INSERT INTO business.reference_row (source, table_name, row_key, columns, committed_at)
            VALUES (?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (source, table_name, row_key) DO UPDATE SET columns = EXCLUDED.columns,
                committed_at = EXCLUDED.committed_at, updated_at = now()
            WHERE business.reference_row.committed_at IS NULL OR EXCLUDED.committed_at IS NULL
                OR business.reference_row.committed_at <= EXCLUDED.committed_at""";
    private static final String SELECT_EVENTS = "SELECT " + BusinessEventRows.COLUMNS + " FROM business.business_event";

    /** The events this transaction inserted (xmin is its id): those a redelivery skipped were linked before. */
    private static final String INSERTED_HERE = """
            SELECT id FROM business.business_event
            WHERE id = ANY (?) AND xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296""";

    /** The search words (inference V41) of the given events: those this transaction inserted ({@link #INSERTED_HERE}). */
    private static final String INDEX_WORDS = """
            INSERT INTO business.business_event_word (word, occurred_at, event_id)
            SELECT w, e.occurred_at, e.id FROM business.business_event e, unnest(business.search_words(e.attributes)) AS w
            WHERE e.id = ANY (?)""";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final ChainAppender chain = new ChainAppender(ChainedTable.BUSINESS_EVENT.table());

    public JdbcEventStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public Map<String, Boolean> processedAmong(Collection<String> transactionIds) {
        Map<String, Boolean> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT transaction_id, partial FROM business.processed_transaction WHERE transaction_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", transactionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBoolean(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read processed transactions", e);
        }
    }

    @Override
    public List<BusinessEvent> eventsOf(Collection<String> transactionIds) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SELECT_EVENTS + " WHERE transaction_id = ANY (?) ORDER BY stored_at, id")) {
            ps.setArray(1, c.createArrayOf("text", transactionIds.toArray()));
            return read(ps);
        } catch (SQLException e) {
            throw new StoreException("cannot read business events", e);
        }
    }

    @Override
    public Optional<BusinessEvent> find(String type, String subjectType, String subjectId, String branchId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_EVENTS
                + " WHERE type = ? AND subject_type = ? AND subject_id = ? AND branch_id IS NOT DISTINCT FROM ?"
                + " ORDER BY occurred_at DESC LIMIT 1")) {
            ps.setString(1, type);
            ps.setString(2, subjectType);
            ps.setString(3, subjectId);
            ps.setString(4, branchId);
            return read(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("cannot look up business events", e);
        }
    }

    @Override
    public void write(List<InferredEvent> events, List<ProcessedTransaction> transactions, List<ReferenceRow> references) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insertEvents(c, events);
                upsertTransactions(c, transactions);
                upsertReferences(c, references);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write business events", e);
        }
    }

    private void insertEvents(Connection c, List<InferredEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<UUID, ChainEntry> entries = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (InferredEvent inferred : events) {
                BusinessEvent e = inferred.event();
                String attributes = toJson(e.attributes());
                entries.put(e.id(), new ChainEntry(sourceOf(e.transactionId()), e.id().toString(),
                        ChainedTable.businessLeaf(e.id(), e.type(), e.branchId(), e.actorUserId(), e.subjectType(), e.subjectId(),
                                e.occurredAt(), e.transactionId(), attributes, e.sourceEventIds(), inferred.rule(),
                                inferred.partial(), sourceOf(e.transactionId())), e.transactionId()));
                BusinessEventRows.bind(ps, e, attributes);
                ps.setString(BusinessEventRows.PARAMETERS + 1, inferred.rule());
                ps.setBoolean(BusinessEventRows.PARAMETERS + 2, inferred.partial());
                ps.setString(BusinessEventRows.PARAMETERS + 3, sourceOf(e.transactionId()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        List<UUID> inserted = insertedHere(c, entries.keySet());
        if (inserted.isEmpty()) {
            return; // a redelivery: linked and indexed when first stored
        }
        try (PreparedStatement ps = c.prepareStatement(INDEX_WORDS)) {
            ps.setArray(1, c.createArrayOf("uuid", inserted.toArray()));
            ps.executeUpdate();
        }
        // The events this transaction stored become links of their sources' chains (docs/integrity.md).
        chain.append(c, inserted.stream().map(entries::get).toList());
    }

    private static List<UUID> insertedHere(Connection c, Collection<UUID> ids) throws SQLException {
        List<UUID> inserted = new ArrayList<>(ids.size());
        try (PreparedStatement ps = c.prepareStatement(INSERTED_HERE)) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return inserted;
    }

    private static void upsertTransactions(Connection c, List<ProcessedTransaction> transactions) throws SQLException {
        if (transactions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_TRANSACTION)) {
            for (ProcessedTransaction tx : transactions) {
                ps.setString(1, tx.transactionId());
                ps.setString(2, tx.source());
                ps.setString(3, tx.completion().name());
                ps.setBoolean(4, tx.partial());
                ps.setInt(5, tx.changes());
                if (tx.announcedChanges() == null) {
                    ps.setNull(6, Types.BIGINT);
                } else {
                    ps.setLong(6, tx.announcedChanges());
                }
                ps.setInt(7, tx.businessEvents());
                ps.setBoolean(8, tx.onlyFallback());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void upsertReferences(Connection c, List<ReferenceRow> references) throws SQLException {
        if (references.isEmpty()) {
            return;
        }
        // One multi-row upsert may not touch a row twice: keep the latest state of each row.
        Map<String, ReferenceRow> latest = new LinkedHashMap<>();
        references.forEach(row -> latest.put(row.source() + '|' + row.table() + '|' + row.key(), row));
        try (PreparedStatement ps = c.prepareStatement(UPSERT_REFERENCE)) {
            for (ReferenceRow row : latest.values()) {
                ps.setString(1, row.source());
                ps.setString(2, row.table());
                ps.setString(3, row.key());
                ps.setString(4, toJson(row.columns()));
                ps.setTimestamp(5, row.committedAt() == null ? null : Timestamp.from(row.committedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every reference row persisted so far (loaded at start). */
    public List<ReferenceRow> loadReferences() {
        List<ReferenceRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT source, table_name, row_key, columns::text, committed_at FROM business.reference_row");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp committed = rs.getTimestamp(5);
                out.add(new ReferenceRow(rs.getString(1), rs.getString(2), rs.getString(3), fromJson(rs.getString(4)),
                        committed == null ? null : committed.toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot load reference rows", e);
        }
    }

    private List<BusinessEvent> read(PreparedStatement ps) throws SQLException {
        List<BusinessEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(BusinessEventRows.read(rs, json));
            }
        }
        return out;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot render attributes as JSON", e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored attributes are not JSON", e);
        }
    }

    private static String sourceOf(String transactionId) {
        int colon = transactionId == null ? -1 : transactionId.indexOf(':');
        return colon < 0 ? null : transactionId.substring(0, colon);
    }
}
