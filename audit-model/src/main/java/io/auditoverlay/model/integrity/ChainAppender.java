package io.auditoverlay.model.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends links to a schema's {@code chain_link} table, inside the caller's transaction, after the
 * rows themselves were written: one link per source per write, so a batch costs one lock, one
 * read and one insert per source, whatever its size. The lock (transaction-scoped, per table and
 * source) orders concurrent writers of a source; it is held from here to the commit only.
 */
public final class ChainAppender {

    private final String schema;
    private final String table;

    /** @param table the chained table, qualified ({@code changes.change_event}); links go to its schema's chain_link */
    public ChainAppender(String table) {
        this.table = table;
        this.schema = table.substring(0, table.indexOf('.'));
    }

    public String table() {
        return table;
    }

    /** Links the rows, one link per source; rows are sorted by id within their link. */
    public List<ChainLink> append(Connection c, List<ChainEntry> entries) throws SQLException {
        Map<String, List<ChainEntry>> bySource = new LinkedHashMap<>();
        for (ChainEntry e : entries) {
            bySource.computeIfAbsent(e.source() == null ? "" : e.source(), s -> new ArrayList<>()).add(e);
        }
        List<ChainLink> links = new ArrayList<>(bySource.size());
        // A fixed order of locks: two writers of the same sources never wait on each other in a circle.
        for (String source : bySource.keySet().stream().sorted().toList()) {
            links.add(appendOne(c, source, bySource.get(source)));
        }
        return links;
    }

    private ChainLink appendOne(Connection c, String source, List<ChainEntry> rows) throws SQLException {
        List<ChainEntry> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ChainEntry::rowId));
        List<String> ids = sorted.stream().map(ChainEntry::rowId).toList();
        List<byte[]> leaves = sorted.stream().map(ChainEntry::leaf).toList();
        boolean hasPositions = sorted.stream().anyMatch(e -> e.position() != null);
        List<String> positions = hasPositions ? sorted.stream().map(ChainEntry::position).toList() : null;
        byte[] root = Merkle.root(leaves);
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, table + ":" + source);
            lock.execute();
        }
        long seq = 1;
        byte[] prev = ChainLink.GENESIS;
        try (PreparedStatement head = c.prepareStatement(
                "SELECT seq, link_hash FROM " + schema + ".chain_link WHERE source = ? ORDER BY seq DESC LIMIT 1")) {
            head.setString(1, source);
            try (ResultSet rs = head.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1) + 1;
                    prev = rs.getBytes(2);
                }
            }
        }
        byte[] hash = ChainLink.hash(table, source, seq, prev, root, ids.size());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".chain_link (source, seq, row_count, "
                + "row_ids, row_positions, leaves, merkle_root, prev_hash, link_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, source);
            insert.setLong(2, seq);
            insert.setInt(3, ids.size());
            insert.setArray(4, c.createArrayOf("text", ids.toArray()));
            insert.setArray(5, positions == null ? null : c.createArrayOf("text", positions.toArray()));
            insert.setBytes(6, Merkle.pack(leaves));
            insert.setBytes(7, root);
            insert.setBytes(8, prev);
            insert.setBytes(9, hash);
            insert.executeUpdate();
        }
        return new ChainLink(table, source, seq, ids, positions, leaves, root, prev, hash, null);
    }
}
