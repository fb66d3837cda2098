package io.auditoverlay.query.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.business.BusinessEventFilter;
import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.changes.ChangeFilter;
import io.auditoverlay.query.changes.ChangeRepository;
import io.auditoverlay.query.changes.ChangeView;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Streams a time range of the trail as CSV or NDJSON straight from a server-side cursor: rows are
 * fetched {@code exportFetchSize} at a time and written as they come, so memory stays flat
 * whatever the range. Count and rows are read in one REPEATABLE READ transaction, so the count
 * announced up front is the number of rows that follow.
 */
@ApplicationScoped
public class ExportService {

    static final String[] EVENT_HEADER = {"id", "type", "branch_id", "actor_user_id", "subject_type", "subject_id",
            "occurred_at", "transaction_id", "rule", "partial", "attributes", "source_event_ids"};
    static final String[] CHANGE_HEADER = {"event_id", "source", "database", "table", "op", "primary_key", "before", "after",
            "changed_columns", "transaction_id", "transaction_order", "committed_at", "server_id", "binlog_file", "binlog_pos",
            "binlog_row", "gtid", "snapshot", "branch_id"};

    private final DataSource dataSource;
    private final BusinessEventRepository events;
    private final ChangeRepository changes;
    private final ObjectMapper mapper;
    private final QueryConfig config;

    public ExportService(DataSource dataSource, BusinessEventRepository events, ChangeRepository changes, ObjectMapper mapper,
                         QueryConfig config) {
        this.dataSource = dataSource;
        this.events = events;
        this.changes = changes;
        this.mapper = mapper;
        this.config = config;
    }

    /** An export ready to stream: its row count is known, its rows not yet read. Close it if it is never written. */
    public Export open(ExportRequest request, Caller caller) {
        Sql sql = request.kind() == ExportKind.CHANGES
                ? changes.filter(new ChangeFilter(request.table(), null, request.branch(), null, null, request.from(), request.to()), caller)
                : events.filter(new BusinessEventFilter(request.type(), request.branch(), null, null, null, null, request.text(),
                request.from(), request.to()), caller);
        String table = request.kind() == ExportKind.CHANGES ? "changes.change_event" : "business.business_event";
        String order = request.kind() == ExportKind.CHANGES ? " ORDER BY committed_at, event_id" : " ORDER BY occurred_at, id";
        String columns = request.kind() == ExportKind.CHANGES ? ChangeRepository.COLUMNS : BusinessEventRepository.COLUMNS;
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            long count;
            try (PreparedStatement ps = sql.prepare(c, "SELECT count(*) FROM " + table + sql.where()); ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
            long rows = request.maxRows() > 0 ? Math.min(count, request.maxRows()) : count;
            String select = "SELECT " + columns + " FROM " + table + sql.where() + order
                    + (request.maxRows() > 0 ? " LIMIT " + request.maxRows() : "");
            PreparedStatement ps = sql.prepare(c, select);
            ps.setFetchSize(config.exportFetchSize());
            return new Export(request, c, ps, rows, count);
        } catch (SQLException e) {
            closeQuietly(c);
            throw Rows.failure("starting an export", e);
        }
    }

    /** One export in progress: a transaction with a prepared, not yet executed, query. */
    public final class Export implements AutoCloseable {

        private final ExportRequest request;
        private final Connection connection;
        private final PreparedStatement statement;
        private final long rowCount;
        private final long totalRows;

        Export(ExportRequest request, Connection connection, PreparedStatement statement, long rowCount, long totalRows) {
            this.request = request;
            this.connection = connection;
            this.statement = statement;
            this.rowCount = rowCount;
            this.totalRows = totalRows;
        }

        /** The rows that will be written. */
        public long rowCount() {
            return rowCount;
        }

        /** The rows in the range, before any {@code maxRows} bound. */
        public long totalRows() {
            return totalRows;
        }

        /** Writes every row to the stream and closes the transaction; returns how many rows were written. */
        public long writeTo(OutputStream out) {
            try (this; ResultSet rs = statement.executeQuery()) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                long n = request.format() == ExportFormat.CSV ? csv(rs, writer) : ndjson(rs, writer);
                writer.flush();
                return n;
            } catch (SQLException e) {
                throw Rows.failure("exporting", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private long ndjson(ResultSet rs, Writer writer) throws SQLException, IOException {
            long n = 0;
            while (rs.next()) {
                Object row = request.kind() == ExportKind.CHANGES ? ChangeRepository.map(rs) : BusinessEventRepository.map(rs);
                writer.write(mapper.writeValueAsString(row));
                writer.write('\n');
                n++;
            }
            return n;
        }

        private long csv(ResultSet rs, Writer writer) throws SQLException, IOException {
            String[] header = request.kind() == ExportKind.CHANGES ? CHANGE_HEADER : EVENT_HEADER;
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header).get());
            long n = 0;
            while (rs.next()) {
                if (request.kind() == ExportKind.CHANGES) {
                    ChangeView c = ChangeRepository.map(rs);
                    printer.printRecord(CsvCells.row(c.eventId(), c.source(), c.database(), c.table(), c.op(), c.primaryKey(), c.before(),
                            c.after(), String.join(" ", c.changedColumns()), c.transactionId(), c.transactionOrder(),
                            text(c.committedAt()), c.position().serverId(), c.position().file(), c.position().pos(),
                            c.position().row(), c.position().gtid(), c.snapshot(), c.branchId()));
                } else {
                    BusinessEventView e = BusinessEventRepository.map(rs);
                    printer.printRecord(CsvCells.row(e.id(), e.type(), e.branchId(), e.actorUserId(), e.subjectType(), e.subjectId(),
                            text(e.occurredAt()), e.transactionId(), e.rule(), e.partial(), e.attributes(),
                            String.join(" ", e.sourceEventIds().stream().map(Object::toString).toList())));
                }
                n++;
            }
            printer.flush();
            return n;
        }

        @Override
        public void close() {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing the connection below releases it anyway
            }
            closeQuietly(connection);
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
            c.close();
        } catch (SQLException ignored) {
            // a broken connection is discarded by the pool
        }
    }
}
