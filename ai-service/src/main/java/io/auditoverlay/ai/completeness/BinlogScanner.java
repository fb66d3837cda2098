package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Continuity: reads the source's binlog ({@code SHOW BINLOG EVENTS}, BINLOG MONITOR privilege)
 * from where the last run stopped up to the trail's high-water mark, and reports GTID holes, DDL
 * and TRUNCATE on audited tables, transactions that wrote audited rows but are not in the trail,
 * and a binlog purged before it was read.
 */
final class BinlogScanner {

    /** What one scan read and found; {@code written} are the transactions to look for in the trail. */
    record Scan(List<Finding> findings, List<BinlogTransactions.Written> written, long events) {
    }

    private final CompletenessConfig config;
    private final CompletenessSource origin;
    private final ObjectMapper mapper;
    private final String changeTable;

    BinlogScanner(CompletenessConfig config, CompletenessSource origin, ObjectMapper mapper, String changeTable) {
        this.config = config;
        this.origin = origin;
        this.mapper = mapper;
        this.changeTable = changeTable;
    }

    Scan scan(Connection source, Connection audit) throws SQLException {
        List<String> files = binaryLogs(source);
        List<Finding> findings = new ArrayList<>();
        if (files.isEmpty()) {
            return new Scan(findings, List.of(), 0);
        }
        BinlogCursor cursor = BinlogCursor.load(audit, origin.name(), mapper);
        String[] hwm = streamed(audit, "DESC");
        ScanStart start = ScanStart.of(origin.name(), files, cursor, cursor == null ? streamed(audit, "ASC") : null, hwm);
        start.purged().ifPresent(findings::add);
        if (start.file() == null) {
            return new Scan(findings, List.of(), 0);
        }
        String file = start.file();
        long pos = start.pos();
        BinlogTransactions tx = new BinlogTransactions(Set.copyOf(origin.databases()), tables(), start.baseline());
        long events = 0;
        String endFile = file;
        long endPos = pos;
        reading:
        while (events < config.binlogMaxEventsPerRun()) {
            List<BinlogEvent> batch = events(source, file, pos);
            for (BinlogEvent e : batch) {
                if ("Gtid".equals(e.type()) && reached(e, hwm)) {
                    break reading;
                }
                tx.accept(e);
                events++;
                endFile = e.file();
                endPos = e.endPos();
                pos = e.endPos();
            }
            if (batch.size() < config.binlogBatch()) {
                int next = files.indexOf(file) + 1;
                if (next >= files.size()) {
                    break;
                }
                file = files.get(next);
                pos = 4;
            }
        }
        if (tx.open()) {
            endFile = tx.openFile();
            endPos = tx.openPos();
        }
        new BinlogCursor(endFile, endPos, tx.lastSeq()).save(audit, origin.name(), mapper);
        findings.addAll(tx.findings());
        return new Scan(findings, tx.written(), events);
    }

    /** The transactions among {@code written} that have no event in the trail. */
    List<BinlogTransactions.Written> absentFromTrail(Connection audit, List<BinlogTransactions.Written> written) throws SQLException {
        List<BinlogTransactions.Written> absent = new ArrayList<>();
        for (int from = 0; from < written.size(); from += 5000) {
            List<BinlogTransactions.Written> part = written.subList(from, Math.min(written.size(), from + 5000));
            Set<String> found = new HashSet<>();
            try (PreparedStatement ps = audit.prepareStatement(
                    "SELECT DISTINCT transaction_id FROM " + changeTable + " WHERE transaction_id = ANY(?)")) {
                ps.setArray(1, audit.createArrayOf("text", part.stream().map(w -> origin.name() + ":" + w.gtid()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            part.stream().filter(w -> !found.contains(origin.name() + ":" + w.gtid())).forEach(absent::add);
        }
        return absent;
    }

    /** The end of the source's binlog now ({@code SHOW MASTER STATUS}: file and position), or null. */
    String[] end(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            return rs.next() ? new String[] {rs.getString(1), Long.toString(rs.getLong(2))} : null;
        }
    }

    /**
     * Whether the trail is still behind {@code end}: a transaction after the trail's newest
     * position and before {@code end} wrote rows of audited tables (or more than a batch of events
     * lie in between). While it is, a difference may be a change in flight, not a gap.
     */
    boolean behind(Connection source, Connection audit, String[] end) throws SQLException {
        String[] hwm = streamed(audit, "DESC");
        if (end == null || hwm == null) {
            return false;
        }
        List<String> files = binaryLogs(source);
        if (!files.contains(hwm[0])) {
            return false;
        }
        String file = hwm[0];
        long pos = Long.parseLong(hwm[1]);
        boolean pastHwmTransaction = false;
        long read = 0;
        BinlogTransactions probe = new BinlogTransactions(Set.copyOf(origin.databases()), tables(), Map.of());
        while (read < config.binlogBatch()) {
            List<BinlogEvent> batch = events(source, file, pos);
            for (BinlogEvent e : batch) {
                int byFile = e.file().compareTo(end[0]);
                if (byFile > 0 || byFile == 0 && e.pos() >= Long.parseLong(end[1])) {
                    return !probe.written().isEmpty() || probe.open();
                }
                read++;
                pos = e.endPos();
                if ("Gtid".equals(e.type())) {
                    pastHwmTransaction = true;
                }
                if (pastHwmTransaction) {
                    probe.accept(e);
                }
            }
            if (batch.size() < config.binlogBatch()) {
                int next = files.indexOf(file) + 1;
                if (next >= files.size()) {
                    return !probe.written().isEmpty();
                }
                file = files.get(next);
                pos = 4;
            }
        }
        return true;
    }

    private Set<String> tables() {
        return origin.tables().map(Set::copyOf).orElse(Set.of());
    }

    private static List<String> binaryLogs(Connection source) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        }
        return files;
    }

    private List<BinlogEvent> events(Connection source, String file, long pos) throws SQLException {
        List<BinlogEvent> events = new ArrayList<>();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '"
                + file.replace("'", "''") + "' FROM " + pos + " LIMIT " + config.binlogBatch())) {
            while (rs.next()) {
                events.add(new BinlogEvent(rs.getString("Log_name"), rs.getLong("Pos"), rs.getString("Event_type"),
                        rs.getLong("End_log_pos"), rs.getString("Info")));
            }
        }
        return events;
    }

    /**
     * The newest (DESC) or oldest (ASC) binlog position of a streamed change in the trail, by commit
     * time on its index. Transactions before the newest were read by Debezium, so a missing one
     * is a gap, not a lag.
     */
    private String[] streamed(Connection audit, String direction) throws SQLException {
        try (PreparedStatement ps = audit.prepareStatement("SELECT binlog_file, binlog_pos, transaction_id FROM " + changeTable
                + " WHERE source = ? AND binlog_file IS NOT NULL AND NOT snapshot ORDER BY committed_at " + direction
                + ", binlog_pos " + direction + " LIMIT 1")) {
            ps.setString(1, origin.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3)} : null;
            }
        }
    }

    private static boolean reached(BinlogEvent e, String[] hwm) {
        if (hwm == null) {
            return true;
        }
        int byFile = e.file().compareTo(hwm[0]);
        return byFile > 0 || byFile == 0 && e.pos() >= Long.parseLong(hwm[1]);
    }
}
