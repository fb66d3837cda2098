package io.auditoverlay.model.integrity;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a table's chain over a range of link times and names the first place it breaks, in
 * chain order (source, link number, row id): a link missing or rewritten, a row missing, changed or
 * added outside the chain. Reads only; run it in a read-only, repeatable-read transaction.
 */
public final class ChainVerifier {

    /** Rows fetched and recomputed per query. */
    private static final int ROWS_PER_QUERY = 20_000;

    private final Connection c;
    private final ChainedTable table;
    private final List<ChainLink> pending = new ArrayList<>();
    private final Map<String, SealBuilder> seals = new LinkedHashMap<>();
    private long pendingRows;
    private long links;
    private long rows;

    public ChainVerifier(Connection c, ChainedTable table) {
        this.c = c;
        this.table = table;
    }

    public ChainReport verify(Instant from, Instant to) throws SQLException {
        ChainBreak broken = checkLinks(from, to);
        if (broken == null) {
            broken = flushRows();
        }
        long[] unchained = new long[2];
        if (broken == null) {
            broken = checkUnchained(from, to, unchained);
        }
        List<DailySeal> daySeals = seals.values().stream().map(SealBuilder::seal).toList();
        return new ChainReport(table.table(), links, rows, unchained[0], broken, daySeals);
    }

    private ChainBreak checkLinks(Instant from, Instant to) throws SQLException {
        boolean packed = table == ChainedTable.CHANGE_EVENT && hasPackedColumns();
        String sql = "SELECT source, seq, row_ids, row_positions, leaves, merkle_root, prev_hash, link_hash, linked_at"
                + (packed ? ", row_uuids, row_positions_packed" : "") + " FROM " + table.schema()
                + ".chain_link WHERE linked_at >= ? AND linked_at < ? ORDER BY source, seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(200);
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                String source = null;
                long lastSeq = 0;
                byte[] lastHash = null;
                while (rs.next()) {
                    ChainLink link;
                    try {
                        link = link(rs, packed);
                    } catch (IllegalArgumentException malformed) {
                        ChainBreak earlier = flushRows();
                        return earlier != null ? earlier : new ChainBreak(table.table(), rs.getString(1), rs.getLong(2), null, null,
                                "the link was rewritten (" + malformed.getMessage() + ")");
                    }
                    links++;
                    if (!link.source().equals(source)) {
                        source = link.source();
                        lastSeq = link.seq() - 1;
                        lastHash = lastSeq == 0 ? ChainLink.GENESIS : predecessor(source, lastSeq);
                    }
                    ChainBreak broken = checkLink(link, lastSeq, lastHash);
                    if (broken != null) {
                        ChainBreak earlier = flushRows();
                        return earlier != null ? earlier : broken;
                    }
                    lastSeq = link.seq();
                    lastHash = link.linkHash();
                    seals.computeIfAbsent(source + "\n" + day(link.linkedAt()),
                            k -> new SealBuilder(table.table(), link.source(), day(link.linkedAt()))).add(link);
                    pending.add(link);
                    pendingRows += link.rowIds().size();
                    if (pendingRows >= ROWS_PER_QUERY) {
                        ChainBreak rowBreak = flushRows();
                        if (rowBreak != null) {
                            return rowBreak;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Whether the change links can be packed: V90 has run (query-api may be upgraded before the normalizer migrates). */
    private boolean hasPackedColumns() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                + "AND attname = 'row_uuids' AND NOT attisdropped")) {
            ps.setString(1, table.schema() + ".chain_link");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A link in either form: ids and positions as text arrays (before V90) or packed ({@link PackedLink}). */
    private ChainLink link(ResultSet rs, boolean packed) throws SQLException {
        byte[] uuids = packed ? rs.getBytes(10) : null;
        List<String> ids;
        List<String> positions;
        int leafFormat = ChainLink.LEAF_CANONICAL;
        if (uuids != null) {
            ids = PackedLink.ids(uuids);
            byte[] packedPositions = rs.getBytes(11);
            leafFormat = PackedLink.leafFormat(packedPositions); // the version byte; the link hash covers it
            positions = PackedLink.positions(packedPositions, ids.size());
        } else {
            Array text = rs.getArray(3);
            if (text == null) {
                throw new IllegalArgumentException("it holds no row ids");
            }
            ids = Arrays.asList((String[]) text.getArray());
            positions = rs.getArray(4) == null ? null : Arrays.asList((String[]) rs.getArray(4).getArray());
        }
        return new ChainLink(table.table(), rs.getString(1), rs.getLong(2), ids, positions, Merkle.split(rs.getBytes(5)),
                rs.getBytes(6), rs.getBytes(7), rs.getBytes(8), rs.getTimestamp(9).toInstant(), leafFormat);
    }

    private ChainBreak checkLink(ChainLink link, long lastSeq, byte[] lastHash) {
        String first = link.rowIds().isEmpty() ? null : link.rowIds().get(0);
        if (lastHash == null) {
            return new ChainBreak(table.table(), link.source(), lastSeq, null, null, "link " + lastSeq + " is missing");
        }
        if (link.seq() != lastSeq + 1) {
            return new ChainBreak(table.table(), link.source(), lastSeq + 1, null, null,
                    "links " + (lastSeq + 1) + ".." + (link.seq() - 1) + " are missing");
        }
        if (!Arrays.equals(link.prevHash(), lastHash)) {
            return new ChainBreak(table.table(), link.source(), link.seq(), first, link.position(0),
                    "the link does not follow link " + lastSeq + " (previous hash differs)");
        }
        if (link.leaves().size() != link.rowIds().size() || !Arrays.equals(Merkle.root(link.leaves()), link.merkleRoot())
                || !Arrays.equals(link.expectedHash(), link.linkHash())) {
            return new ChainBreak(table.table(), link.source(), link.seq(), first, link.position(0),
                    "the link was rewritten (its Merkle root or hash does not match its contents)");
        }
        return null;
    }

    private byte[] predecessor(String source, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT link_hash FROM " + table.schema() + ".chain_link WHERE source = ? AND seq = ?")) {
            ps.setString(1, source);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Recomputes the rows of the links in hand (each in its link's leaf format); the first missing or changed one, in chain order. */
    private ChainBreak flushRows() throws SQLException {
        if (pending.isEmpty()) {
            return null;
        }
        List<String> ids = new ArrayList<>((int) pendingRows);
        pending.forEach(l -> ids.addAll(l.rowIds()));
        // The formats in hand, a bit each (1, 2): one, except where a chain moved from format 1 to 2 (both leaves then).
        int formats = pending.stream().mapToInt(ChainLink::leafFormat).reduce(0, (a, b) -> a | b);
        Map<String, byte[]> stored = new HashMap<>(ids.size() * 2);
        Map<String, byte[]> storedV2 = formats == 3 ? new HashMap<>(ids.size() * 2) : stored;
        try (PreparedStatement ps = c.prepareStatement(table.selectByIds())) {
            ps.setFetchSize(2000);
            ps.setArray(1, c.createArrayOf(table.idArrayType(),
                    table == ChainedTable.ANOMALY_STATUS_CHANGE ? ids.stream().map(Long::valueOf).toArray() : ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if ((formats & ChainLink.LEAF_CANONICAL) != 0) {
                        stored.put(id, table.leaf(rs, ChainLink.LEAF_CANONICAL));
                    }
                    if ((formats & ChainLink.LEAF_JSONB_TEXT) != 0) {
                        storedV2.put(id, table.leaf(rs, ChainLink.LEAF_JSONB_TEXT));
                    }
                    rows++;
                }
            }
        }
        try {
            for (ChainLink link : pending) {
                for (int i = 0; i < link.rowIds().size(); i++) {
                    String id = link.rowIds().get(i);
                    byte[] leaf = (link.leafFormat() == ChainLink.LEAF_JSONB_TEXT ? storedV2 : stored).get(id);
                    if (leaf == null) {
                        return new ChainBreak(table.table(), link.source(), link.seq(), id, link.position(i), "the row is missing");
                    }
                    if (!Arrays.equals(leaf, link.leaves().get(i))) {
                        return new ChainBreak(table.table(), link.source(), link.seq(), id, link.position(i),
                                "the row was changed after it was stored");
                    }
                }
            }
            return null;
        } finally {
            pending.clear();
            pendingRows = 0;
        }
    }

    /** Rows stored in the range that no link holds: added behind the chain's back (or before it began: legacy). */
    private ChainBreak checkUnchained(Instant from, Instant to, long[] legacy) throws SQLException {
        String schema = table.schema();
        String time = table.timeColumn();
        String counts = "SELECT count(*) FILTER (WHERE s.start IS NULL OR t." + time + " < s.start), "
                + "count(*) FILTER (WHERE t." + time + " >= s.start), s.start FROM " + table.table() + " t, "
                + "(SELECT min(linked_at) AS start FROM " + schema + ".chain_link) s WHERE t." + time + " >= ? AND t." + time
                + " < ? GROUP BY s.start";
        long after;
        Timestamp start;
        try (PreparedStatement ps = c.prepareStatement(counts)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                legacy[0] = rs.getLong(1);
                after = rs.getLong(2);
                start = rs.getTimestamp(3);
            }
        }
        long linked = seals.values().stream().mapToLong(s -> s.rows).sum();
        if (after <= linked || start == null) {
            return null;
        }
        String ids = table == ChainedTable.CHANGE_EVENT && hasPackedColumns() ? PackedLink.idsSql("l") + "::text[]" : "l.row_ids";
        String find = "WITH linked AS (SELECT unnest(" + ids + ") AS id FROM " + schema + ".chain_link l WHERE linked_at >= ? AND "
                + "linked_at < ?) SELECT t." + table.idColumn() + "::text FROM " + table.table() + " t LEFT JOIN linked ON "
                + "linked.id = t." + table.idColumn() + "::text WHERE t." + time + " >= ? AND t." + time + " < ? AND t." + time
                + " >= ? AND linked.id IS NULL ORDER BY t." + time + " LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(find)) {
            ps.setTimestamp(1, Timestamp.from(from.minusSeconds(3600)));
            ps.setTimestamp(2, Timestamp.from(to.plusSeconds(3600)));
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setTimestamp(5, start);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new ChainBreak(table.table(), null, null, rs.getString(1), null,
                            "the row is in no link of the chain (added behind the normal write path)");
                }
            }
        }
        return null;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** A day of a source's links, kept small: their hashes only. */
    private static final class SealBuilder {
        private final String table;
        private final String source;
        private final LocalDate day;
        private final List<ChainLink> links = new ArrayList<>();
        private long rows;

        SealBuilder(String table, String source, LocalDate day) {
            this.table = table;
            this.source = source;
            this.day = day;
        }

        void add(ChainLink link) {
            rows += link.rowIds().size();
            links.add(new ChainLink(link.table(), link.source(), link.seq(), link.rowIds().size() == 0 ? List.of() : new CountOnly(link.rowIds().size()),
                    null, List.of(), null, null, link.linkHash(), link.linkedAt()));
        }

        DailySeal seal() {
            return DailySeal.of(table, source, day, links);
        }
    }
}
