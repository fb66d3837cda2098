package io.auditoverlay.ai.rollup;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.model.business.BusinessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Adds business events to the hourly rollups, each event once: its id is recorded in
 * {@code insights.rollup_event} in the same database transaction as its sums, so a redelivered
 * batch, a restart or a backfill over the same span adds nothing twice. Ids and rows are written in
 * key order, so the consumer and a backfill running at once do not deadlock.
 */
@ApplicationScoped
public class RollupStore {

    private static final String CLAIM = """
            INSERT INTO insights.rollup_event (event_id, occurred_at)
            SELECT * FROM unnest(?::uuid[], ?::timestamptz[])
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";
    private static final String UPSERT = """
            INSERT INTO insights.rollup_hourly (series, branch_id, hour, subject_id, label, value, squares, cubes, events)
            SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                                 ?::float8[], ?::float8[], ?::float8[], ?::int[])
            ON CONFLICT (series, branch_id, hour, subject_id, label) DO UPDATE
               SET value = rollup_hourly.value + excluded.value,
                   squares = rollup_hourly.squares + excluded.squares,
                   cubes = rollup_hourly.cubes + excluded.cubes,
                   events = rollup_hourly.events + excluded.events""";
    private static final String FIRST = """
            INSERT INTO insights.rollup_series (series, branch_id, first_hour)
            SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[])
            ON CONFLICT (series, branch_id) DO UPDATE SET first_hour = least(rollup_series.first_hour, excluded.first_hour)""";

    private final AgroalDataSource dataSource;

    public RollupStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Counts the events not counted before, in one transaction; returns how many were new. */
    @Transactional
    public int apply(List<BusinessEvent> events) {
        List<BusinessEvent> dated = events.stream().filter(e -> e.id() != null && e.occurredAt() != null)
                .sorted(Comparator.comparing(BusinessEvent::id)).toList();
        if (dated.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            Set<UUID> fresh = claim(c, dated);
            TreeMap<RollupKey, Cell> cells = Rollups.of(dated.stream().filter(e -> fresh.contains(e.id())).toList());
            if (!cells.isEmpty()) {
                upsert(c, cells);
                first(c, cells);
            }
            return fresh.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update insights.rollup_hourly: " + e.getMessage(), e);
        }
    }

    private static Set<UUID> claim(Connection c, List<BusinessEvent> events) throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setArray(1, c.createArrayOf("uuid", events.stream().map(BusinessEvent::id).toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz", events.stream().map(e -> Timestamp.from(e.occurredAt())).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }

    private static void upsert(Connection c, TreeMap<RollupKey, Cell> cells) throws SQLException {
        int n = cells.size();
        Object[][] cols = new Object[9][n];
        int i = 0;
        for (Map.Entry<RollupKey, Cell> e : cells.entrySet()) {
            RollupKey k = e.getKey();
            Cell v = e.getValue();
            cols[0][i] = k.series();
            cols[1][i] = k.branchId();
            cols[2][i] = Timestamp.from(k.hour());
            cols[3][i] = k.subjectId();
            cols[4][i] = k.label();
            cols[5][i] = v.value();
            cols[6][i] = v.squares();
            cols[7][i] = v.cubes();
            cols[8][i] = v.events();
            i++;
        }
        String[] types = {"text", "text", "timestamptz", "text", "text", "float8", "float8", "float8", "int4"};
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (int col = 0; col < 9; col++) {
                Array array = c.createArrayOf(types[col], cols[col]);
                ps.setArray(col + 1, array);
            }
            ps.executeUpdate();
        }
    }

    private static void first(Connection c, TreeMap<RollupKey, Cell> cells) throws SQLException {
        Map<String, RollupKey> firsts = new LinkedHashMap<>();
        cells.keySet().forEach(k -> firsts.merge(k.series() + "|" + k.branchId(), k,
                (a, b) -> a.hour().isBefore(b.hour()) ? a : b));
        try (PreparedStatement ps = c.prepareStatement(FIRST)) {
            ps.setArray(1, c.createArrayOf("text", firsts.values().stream().map(RollupKey::series).toArray()));
            ps.setArray(2, c.createArrayOf("text", firsts.values().stream().map(RollupKey::branchId).toArray()));
            ps.setArray(3, c.createArrayOf("timestamptz", firsts.values().stream().map(k -> Timestamp.from(k.hour())).toArray()));
            ps.executeUpdate();
        }
    }
}
