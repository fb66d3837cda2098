package io.auditoverlay.normalizer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.integrity.ChainAppender;
import io.auditoverlay.model.integrity.ChainEntry;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes canonical events and END markers to {@code changes.*} in one database transaction per
 * batch with {@code ON CONFLICT DO NOTHING} on the deterministic ids. This is the service's hot path, so it is plain JDBC rather than an
 * entity per row (which would cost a flush and an object graph per event).
 */
@ApplicationScoped
public class ChangeEventStore {

    private static final Logger LOG = Logger.getLogger(ChangeEventStore.class);

    /**
     * One statement per batch: the rows travel as column arrays and {@code unnest} turns them back
     * into rows. Unlike a JDBC batch, the update count says exactly how many rows were new.
     */
    private static final String INSERT_EVENTS = """
            INSERT INTO changes.change_event (event_id, source, database_name, table_name, op, primary_key, before, after,
                changed_columns, transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file,
                binlog_pos, binlog_row, gtid, snapshot, branch_id, schema_version)
            SELECT t.event_id, t.source, t.database_name, t.table_name, t.op, t.primary_key::jsonb, t.before::jsonb,
                t.after::jsonb, t.changed_columns::text[], t.transaction_id,
                t.transaction_order, t.committed_at::timestamptz, t.captured_at::timestamptz, t.server_id, t.binlog_file,
                t.binlog_pos, t.binlog_row, t.gtid, t.snapshot, t.branch_id, t.schema_version
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::int8[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::int8[], ?::int4[], ?::text[],
                ?::bool[], ?::text[], ?::int4[])
              AS t(event_id, source, database_name, table_name, op, primary_key, before, after, changed_columns,
                transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file, binlog_pos,
                binlog_row, gtid, snapshot, branch_id, schema_version)
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    /** END markers as column arrays too: one statement for a batch's few hundred, not one each. */
    private static final String INSERT_ENDS = """
            INSERT INTO changes.source_transaction (transaction_id, source, event_count, data_collections, ended_at)
            SELECT t.transaction_id, t.source, t.event_count, t.data_collections::jsonb, t.ended_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[])
              AS t(transaction_id, source, event_count, data_collections, ended_at)
            ON CONFLICT DO NOTHING""";

    private static final String COPY_EVENTS = "COPY changes.change_event (" + CopyRows.COLUMNS + ") FROM STDIN";
    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Set<YearMonth> knownPartitions = ConcurrentHashMap.newKeySet();
    /** False after a batch held rows already stored: the next one is likely a replay too. */
    private volatile boolean copyFirst = true;

    /** Leaf format 2: {@link StoredRow}'s leaves hash the images as written, in jsonb's spelling (docs/integrity.md). */
    private final ChainAppender chain = new ChainAppender(ChainedTable.CHANGE_EVENT.table(), StoredRow.LEAF_FORMAT);
    private final boolean chained;

    public ChangeEventStore(AgroalDataSource dataSource, ObjectMapper json, NormalizerConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.chained = config.hashChain();
    }

    /** How many of a batch's rows were new and how many were already stored. */
    public record Written(int stored, int duplicates) {
    }

    /**
     * Stores the batch atomically: all of it, or nothing (the exception says why).
     *
     * <p>New rows go in by {@code COPY}, PostgreSQL's fastest way in. COPY cannot skip a row that
     * is already stored, so a batch holding one (a redelivery, a replay) fails with a unique
     * violation; it is then rolled back to a savepoint and written by {@code INSERT … ON CONFLICT
     * DO NOTHING}, and so are the batches after it until one arrives with nothing already stored
     * (a replay is duplicates from end to end: it should not pay for a failed COPY per batch).
     */
    public Written write(List<StoredRow> events, List<TransactionEnd> ends) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long t0 = System.nanoTime();
                ensurePartitions(connection, events);
                List<StoredRow> stored = copyFirst ? copyOrInsertEvents(connection, events) : insertEvents(connection, events);
                copyFirst = stored.size() == events.size();
                long t1 = System.nanoTime();
                insertEnds(connection, ends);
                link(connection, stored); // last: its lock on the source's chain is held from here to the commit
                long t2 = System.nanoTime();
                connection.commit();
                LOG.debugf("store rows=%d ends=%d rows_ms=%d ends_ms=%d commit_ms=%d", events.size(), ends.size(),
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
                return new Written(stored.size(), events.size() - stored.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void ensurePartitions(Connection connection, List<StoredRow> rows) throws SQLException {
        for (StoredRow row : rows) {
            CanonicalChangeEvent event = row.event();
            YearMonth month = YearMonth.from(event.committedAt().atOffset(ZoneOffset.UTC));
            if (!knownPartitions.contains(month)) {
                try (PreparedStatement ensure = connection.prepareStatement("SELECT changes.ensure_change_event_partition(?)")) {
                    ensure.setTimestamp(1, Timestamp.from(event.committedAt()));
                    ensure.execute();
                }
                knownPartitions.add(month);
            }
        }
    }

    /** The rows this transaction stored become one link per source of the chain (docs/integrity.md). */
    private void link(Connection connection, List<StoredRow> stored) throws SQLException {
        if (!chained || stored.isEmpty()) {
            return;
        }
        List<ChainEntry> entries = new ArrayList<>(stored.size());
        for (StoredRow row : stored) {
            entries.add(row.chainEntry());
        }
        chain.append(connection, entries);
    }

    /** The rows stored: all of them, or (after a unique violation) those that were new. */
    private List<StoredRow> copyOrInsertEvents(Connection connection, List<StoredRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Savepoint beforeCopy = connection.setSavepoint();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_EVENTS);
        try {
            for (StoredRow row : rows) {
                copy.writeToCopy(row.copyLine(), 0, row.copyLine().length);
            }
            long copied = copy.endCopy();
            connection.releaseSavepoint(beforeCopy);
            if (copied != rows.size()) {
                throw new SQLException("COPY stored " + copied + " of " + rows.size() + " rows");
            }
            return rows;
        } catch (SQLException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeCopy);
            return insertEvents(connection, rows);
        }
    }

    /**
     * The rows that were new, each once (those already stored are skipped, and were linked when they
     * were stored).
     */
    private List<StoredRow> insertEvents(Connection connection, List<StoredRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        int n = rows.size();
        Object[][] columns = {
                new UUID[n], new String[n], new String[n], new String[n], new String[n], new String[n], new String[n],
                new String[n], new String[n], new String[n], new Long[n], new String[n], new String[n], new Long[n],
                new String[n], new Long[n], new Integer[n], new String[n], new Boolean[n], new String[n], new Integer[n]};
        for (int i = 0; i < n; i++) {
            StoredRow row = rows.get(i);
            CanonicalChangeEvent e = row.event();
            columns[0][i] = e.eventId();
            columns[1][i] = e.source();
            columns[2][i] = e.database();
            columns[3][i] = e.table();
            columns[4][i] = e.op().name();
            columns[5][i] = row.primaryKey();
            columns[6][i] = row.before();
            columns[7][i] = row.after();
            columns[8][i] = arrayLiteral(e.changedColumns());
            columns[9][i] = e.transactionId();
            columns[10][i] = e.transactionOrder();
            columns[11][i] = e.committedAt().toString();
            columns[12][i] = e.capturedAt() == null ? null : e.capturedAt().toString();
            columns[13][i] = e.position().serverId();
            columns[14][i] = e.position().file();
            columns[15][i] = e.position().pos();
            columns[16][i] = e.position().row();
            columns[17][i] = e.position().gtid();
            columns[18][i] = e.position().snapshot();
            columns[19][i] = e.branchId();
            columns[20][i] = e.schemaVersion();
        }
        String[] types = {"uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text", "int8", "text",
                "text", "int8", "text", "int8", "int4", "text", "bool", "text", "int4"};
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS)) {
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
            return newRows(rows, inserted);
        }
    }

    /**
     * The rows whose ids the insert returned, each once, in batch order: a row twice in one batch is
     * stored once, and linked once (COPY refuses such a batch, so it is written here). {@code inserted} is consumed.
     */
    static List<StoredRow> newRows(List<StoredRow> rows, Set<UUID> inserted) {
        if (inserted.size() == rows.size()) {
            return rows;
        }
        return rows.stream().filter(r -> inserted.remove(r.event().eventId())).toList();
    }

    private void insertEnds(Connection connection, List<TransactionEnd> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        int n = ends.size();
        String[] ids = new String[n];
        String[] sources = new String[n];
        Long[] counts = new Long[n];
        String[] collections = new String[n];
        String[] endedAt = new String[n];
        for (int i = 0; i < n; i++) {
            TransactionEnd end = ends.get(i);
            ids[i] = end.transactionId();
            sources[i] = end.source();
            counts[i] = end.eventCount();
            collections[i] = toJson(end.dataCollections());
            endedAt[i] = end.endedAt() == null ? null : end.endedAt().toString();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ENDS)) {
            insert.setArray(1, connection.createArrayOf("text", ids));
            insert.setArray(2, connection.createArrayOf("text", sources));
            insert.setArray(3, connection.createArrayOf("int8", counts));
            insert.setArray(4, connection.createArrayOf("text", collections));
            insert.setArray(5, connection.createArrayOf("text", endedAt));
            insert.executeUpdate();
        }
    }

    /** A PostgreSQL array literal: {@code {"a","b"}}, each element quoted and escaped. */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(values.size() * 12).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

}
