package io.auditoverlay.query.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.auditoverlay.model.integrity.ChainBreak;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.ChainVerifier;
import io.auditoverlay.model.integrity.ChainedTable;
import io.auditoverlay.model.integrity.DailySeal;
import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/** Recomputes the hash chains (docs/integrity.md), and stores and reads the daily seals. */
@ApplicationScoped
public class ChainService {

    private static final String SELECT_SEALS = "SELECT table_name, source, day, first_seq, last_seq, links, rows, merkle_root, "
            + "last_link_hash FROM api.daily_seal WHERE day >= ? AND day < ? ORDER BY table_name, source, day";

    private final DataSource dataSource;

    public ChainService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ChainCheck check(Instant from, Instant to) {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<ChainReport> reports = new ArrayList<>();
            ChainBreak first = null;
            for (ChainedTable table : ChainedTable.values()) {
                if (!chained(c, table)) {
                    continue; // that owner's schema is not in this database (a partial install, a benchmark)
                }
                ChainReport report = new ChainVerifier(c, table).verify(from, to);
                reports.add(report);
                if (first == null) {
                    first = report.firstBreak();
                }
            }
            List<DailySeal> seals = reports.stream().flatMap(r -> r.seals().stream()).toList();
            List<String> mismatches = sealMismatches(c, from, to, seals);
            c.rollback();
            long rows = reports.stream().mapToLong(ChainReport::rows).sum();
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            return new ChainCheck(from, to, reports, first, mismatches, seals, Math.round(rows / seconds));
        } catch (SQLException e) {
            throw Rows.failure("verifying the hash chains", e);
        }
    }

    private static boolean chained(Connection c, ChainedTable table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.schema() + ".chain_link");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Seals a finished UTC day: the chain is verified first (a broken day is not sealed: 409), then
     * the day's seals are stored once and returned (sealing a day again returns what was stored).
     */
    public List<DailySeal> seal(LocalDate day, String actor) {
        if (!day.isBefore(LocalDate.now(ZoneOffset.UTC))) {
            throw ApiException.badRequest("only a finished UTC day can be sealed");
        }
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ChainCheck check = check(from, to);
        if (check.firstBreak() != null) {
            throw ApiException.conflict("the chain is broken, not sealing " + day + ": " + check.firstBreak().describe());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO api.daily_seal (table_name, source, day, first_seq, last_seq, links, rows, merkle_root,
                    last_link_hash, sealed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (DailySeal s : check.seals()) {
                insert.setString(1, s.table());
                insert.setString(2, s.source());
                insert.setObject(3, s.day());
                insert.setLong(4, s.firstSeq());
                insert.setLong(5, s.lastSeq());
                insert.setLong(6, s.links());
                insert.setLong(7, s.rows());
                insert.setString(8, s.merkleRoot());
                insert.setString(9, s.lastLinkHash());
                insert.setString(10, actor);
                insert.addBatch();
            }
            insert.executeBatch();
            return stored(c, day, day.plusDays(1));
        } catch (SQLException e) {
            throw Rows.failure("storing the daily seals", e);
        }
    }

    public List<DailySeal> stored(LocalDate from, LocalDate to) {
        try (Connection c = dataSource.getConnection()) {
            return stored(c, from, to);
        } catch (SQLException e) {
            throw Rows.failure("reading the daily seals", e);
        }
    }

    private static List<DailySeal> stored(Connection c, LocalDate from, LocalDate to) throws SQLException {
        List<DailySeal> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_SEALS)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailySeal(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /** Stored seals of the days wholly inside the range that the recomputed chain contradicts. */
    private static List<String> sealMismatches(Connection c, Instant from, Instant to, List<DailySeal> recomputed)
            throws SQLException {
        LocalDate firstDay = LocalDate.ofInstant(from.minusNanos(1), ZoneOffset.UTC).plusDays(1);
        LocalDate endDay = LocalDate.ofInstant(to, ZoneOffset.UTC);
        if (!firstDay.isBefore(endDay)) {
            return List.of();
        }
        Map<String, DailySeal> now = recomputed.stream().collect(Collectors.toMap(DailySeal::key, Function.identity()));
        List<String> out = new ArrayList<>();
        for (DailySeal sealed : stored(c, firstDay, endDay)) {
            DailySeal current = now.get(sealed.key());
            if (!sealed.equals(current)) {
                out.add("seal of " + sealed.key() + " (links " + sealed.firstSeq() + ".." + sealed.lastSeq() + ", root "
                        + sealed.merkleRoot() + ") no longer matches: " + (current == null ? "no links that day"
                                : "links " + current.firstSeq() + ".." + current.lastSeq() + ", root " + current.merkleRoot()));
            }
        }
        return out;
    }
}
