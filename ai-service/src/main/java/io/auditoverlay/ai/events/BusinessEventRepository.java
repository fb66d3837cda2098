package io.auditoverlay.ai.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ai.config.SourceConfig;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventRows;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads inference-service's business events (read-only). */
@ApplicationScoped
public class BusinessEventRepository {

    private static final String COLUMNS = BusinessEventRows.COLUMNS + ", partial";
    /** Set on events of transactions inference closed by its timeout (some changes may be missing). */
    public static final String PARTIAL = "_partial";

    private static final String BASELINE_ATTRIBUTES = """
            CASE WHEN jsonb_typeof(attributes->'items') = 'array'
                 THEN (attributes - 'items') || jsonb_build_object('items', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'product_id', coalesce(i->'product_id', i->'productId'), 'quantity', i->'quantity')), '[]')
                      FROM jsonb_array_elements(attributes->'items') i))
                 ELSE attributes END AS attributes""";

    /** How far either side of a slice a stock movement's sale is looked for. */
    private static final Duration SALE_SEARCH_MARGIN = Duration.ofHours(1);

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final String table;

    public BusinessEventRepository(AgroalDataSource dataSource, ObjectMapper mapper, SourceConfig config) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.table = config.businessEventTable();
    }

    public String table() {
        return table;
    }

    /**
     * Events with occurredAt in [from, to), oldest first, without the row changes they cite (no
     * detector reads those, and decoding the uuid arrays was a tenth of a 90-day run's CPU), and
     * without {@code data.changed} unless asked: no pattern detector reads it, and the changes no
     * rule claims carry their commit time, so a catch-up piles them into one slice (307,000 in one
     * 6-hour slice of a 90-day catch-up: an OutOfMemoryError at -Xmx384m).
     *
     * <p>Unless asked, also without the stock movements a sale explains: {@code inventory.adjusted}
     * with reason SALE, no "without adjustment row" mark, in a transaction that completed a sale or
     * a dispensing ({@link History#SALE_TYPES}, what {@link History#transactionCompletedSale} asks;
     * looked for an hour either side of the slice). Those are two thirds of a pharmacy's events
     * (2.1 M of 3.2 M in 90 days), and the only detector that reads them,
     * stock-decrease-without-sale, passes over exactly these; the caller asks for them when
     * another detector is configured to judge SALE movements.
     */
    public List<BusinessEvent> patternInputBetween(Instant from, Instant to, PatternInput input) {
        String explainedSaleMovement = """
                 AND NOT coalesce(type = '%1$s'
                     AND upper(coalesce(attributes->>'reason', attributes->>'adjustment_reason')) = 'SALE'
                     AND attributes->'withoutAdjustmentRow' IS NULL AND attributes->'without_adjustment_row' IS NULL
                     AND transaction_id IN (SELECT s.transaction_id FROM %2$s s WHERE s.type IN (%3$s)
                         AND s.occurred_at >= ? AND s.occurred_at < ?), false)"""
                .formatted(BusinessEventTypes.INVENTORY_ADJUSTED, table,
                        History.SALE_TYPES.stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
        return query("SELECT " + COLUMNS.replace("source_event_ids", "NULL::uuid[] AS source_event_ids") + " FROM " + table
                + " WHERE occurred_at >= ? AND occurred_at < ?"
                + (input.fallbackEvents() ? "" : " AND type <> '" + BusinessEventTypes.DATA_CHANGED + "'")
                + (input.explainedSaleMovements() ? "" : explainedSaleMovement) + " ORDER BY occurred_at", ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                    if (!input.explainedSaleMovements()) {
                        ps.setTimestamp(3, Timestamp.from(from.minus(SALE_SEARCH_MARGIN)));
                        ps.setTimestamp(4, Timestamp.from(to.plus(SALE_SEARCH_MARGIN)));
                    }
                });
    }

    /** What a pattern slice holds beside the events every pattern detector may read. */
    public record PatternInput(boolean fallbackEvents, boolean explainedSaleMovements) {
    }

    /**
     * Events with occurredAt in [from, to) with their item lists cut to product and quantity: what
     * the rollups count (RollupSync). The rest of the lines is most of a sale's bytes, and the
     * rollups never read it.
     */
    public List<BusinessEvent> rollupInputBetween(Instant from, Instant to) {
        return query("SELECT " + COLUMNS.replace("attributes", BASELINE_ATTRIBUTES) + " FROM " + table
                + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at", ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                });
    }

    /**
     * A branch's events of these types with occurredAt in [from, to), oldest first, at most
     * {@code limit}, cut as {@link #rollupInputBetween} cuts them: an anomaly's evidence is chosen
     * by the series an event counts in, and only its id is kept (reading whole sales with their row
     * changes was a third of a 90-day detection's statistical phase).
     */
    public List<BusinessEvent> inBranch(String branchId, Set<String> types, Instant from, Instant to, int limit) {
        return query("SELECT " + COLUMNS.replace("attributes", BASELINE_ATTRIBUTES)
                .replace("source_event_ids", "NULL::uuid[] AS source_event_ids") + " FROM " + table
                + " WHERE branch_id = ? AND occurred_at >= ? AND occurred_at < ? AND type = ANY (?) ORDER BY occurred_at LIMIT ?", ps -> {
                    ps.setString(1, branchId);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    ps.setArray(4, ps.getConnection().createArrayOf("text", types.toArray()));
                    ps.setInt(5, limit);
                });
    }

    /** Which of these events inference stored as partial (transaction closed by its timeout). */
    public Set<UUID> partialAmong(Collection<UUID> ids) {
        Set<UUID> partial = new HashSet<>();
        if (ids.isEmpty()) {
            return partial;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM " + table + " WHERE id = ANY (?) AND partial")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    partial.add(rs.getObject(1, UUID.class));
                }
            }
            return partial;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    /** The earliest event time, or null when there are none. */
    public Instant firstOccurredAt() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT min(occurred_at) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp first = rs.getTimestamp(1);
            return first == null ? null : first.toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    public List<BusinessEvent> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ANY (?) ORDER BY occurred_at", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
        });
    }

    /** A {@link History} that asks the database, for the streaming path. */
    public History history() {
        return new History() {
            @Override
            public List<BusinessEvent> inTransaction(String transactionId) {
                return transactionId == null ? List.of()
                        : query("SELECT " + COLUMNS + " FROM " + table + " WHERE transaction_id = ?", ps -> ps.setString(1, transactionId));
            }

            @Override
            public boolean transactionCompletedSale(String transactionId) {
                return transactionId != null && !query("SELECT " + COLUMNS + " FROM " + table
                        + " WHERE transaction_id = ? AND type IN (?, ?) LIMIT 1", ps -> {
                            ps.setString(1, transactionId);
                            ps.setString(2, BusinessEventTypes.SALE_COMPLETED);
                            ps.setString(3, BusinessEventTypes.PRESCRIPTION_DISPENSED);
                        }).isEmpty();
            }

            @Override
            public boolean saleCompleted(String branchId, String saleId) {
                return !query("SELECT " + COLUMNS + " FROM " + table
                        + " WHERE subject_type = 'sale' AND subject_id = ? AND type = ? AND branch_id IS NOT DISTINCT FROM ? LIMIT 1",
                        ps -> {
                            ps.setString(1, saleId);
                            ps.setString(2, BusinessEventTypes.SALE_COMPLETED);
                            ps.setString(3, branchId);
                        }).isEmpty();
            }

            @Override
            public List<BusinessEvent> roleChangesOf(String userId, Instant from, Instant to) {
                return query("SELECT " + COLUMNS + " FROM " + table
                        + " WHERE subject_type = 'user' AND subject_id = ? AND type = ? AND occurred_at BETWEEN ? AND ?", ps -> {
                            ps.setString(1, userId);
                            ps.setString(2, BusinessEventTypes.USER_ROLE_CHANGED);
                            ps.setTimestamp(3, Timestamp.from(from));
                            ps.setTimestamp(4, Timestamp.from(to));
                        });
            }

            @Override
            public List<BusinessEvent> salesIn(String branchId, Instant from, Instant to) {
                return query("SELECT " + COLUMNS + " FROM " + table
                        + " WHERE branch_id = ? AND type = ? AND occurred_at BETWEEN ? AND ?", ps -> {
                            ps.setString(1, branchId);
                            ps.setString(2, BusinessEventTypes.SALE_COMPLETED);
                            ps.setTimestamp(3, Timestamp.from(from));
                            ps.setTimestamp(4, Timestamp.from(to));
                        });
            }
        };
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<BusinessEvent> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(2000);
            binder.bind(ps);
            List<BusinessEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(map(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    private BusinessEvent map(ResultSet rs) throws SQLException {
        BusinessEvent event = BusinessEventRows.read(rs, mapper);
        if (rs.getBoolean("partial")) {
            event.attributes().put(PARTIAL, true);
        }
        return event;
    }
}
