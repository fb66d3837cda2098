package io.auditoverlay.model.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Appends links to a schema's {@code chain_link} table, inside the caller's transaction, after the
 * rows themselves were written: one link per source per write, so a batch costs one lock, one
 * read and one insert per source, whatever its size. The lock (transaction-scoped, per table and
 * source) orders concurrent writers of a source; it is held from here to the commit only.
 */
public final class ChainAppender {

    private final String schema;
    private final String table;
    /** Change links hold their ids and positions in binary (V90): see {@link PackedLink}. */
    private final boolean packed;
    private final int leafFormat;

    /** An appender of leaf format 1 links. @param table the chained table, qualified ({@code changes.change_event}) */
    public ChainAppender(String table) {
        this(table, ChainLink.LEAF_CANONICAL);
    }

    /**
     * @param table the chained table, qualified ({@code changes.change_event}); links go to its schema's chain_link
     * @param leafFormat the format of the leaves the caller computes ({@link ChainLink#LEAF_CANONICAL}, or
     *        {@link ChainLink#LEAF_JSONB_TEXT} for change events): the link records it in its packed positions'
     *        version byte and its hash covers it
     */
    public ChainAppender(String table, int leafFormat) {
        this.table = table;
        this.schema = table.substring(0, table.indexOf('.'));
        this.packed = ChainedTable.CHANGE_EVENT.table().equals(table);
        if (leafFormat != ChainLink.LEAF_CANONICAL && (leafFormat != ChainLink.LEAF_JSONB_TEXT || !packed)) {
            throw new IllegalArgumentException("no leaf format " + leafFormat + " for " + table);
        }
        this.leafFormat = leafFormat;
    }

    public int leafFormat() {
        return leafFormat;
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
        boolean pack = packed && rows.stream().allMatch(e -> e.uuid() != null && e.position() == null);
        if (!pack && leafFormat != ChainLink.LEAF_CANONICAL) {
            // Only packed positions carry the format: a format-2 link in text arrays would be verified as format 1.
            throw new IllegalArgumentException("a format-" + leafFormat + " link needs change entries (ChainEntry.ofChange)");
        }
        // Packed: each row's objects read once, in batch order (LinkRows); text: sorted as entries.
        LinkRows packedRows = pack ? LinkRows.byId(rows) : null;
        List<ChainEntry> sorted = pack ? packedRows.entries() : byTextId(rows);
        byte[] packedLeaves = pack ? packedRows.leaves() : Merkle.pack(sorted.stream().map(ChainEntry::leaf).toList());
        byte[] root = Merkle.root(packedLeaves);
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
        byte[] hash = ChainLink.hash(table, source, seq, prev, root, sorted.size(), leafFormat);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".chain_link (source, seq, row_count, "
                + (pack ? "row_uuids, row_positions_packed" : "row_ids, row_positions")
                + ", leaves, merkle_root, prev_hash, link_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, source);
            insert.setLong(2, seq);
            insert.setInt(3, sorted.size());
            if (pack) {
                // Binary: 16 bytes an id, positions packed; text arrays cost an escaped element per row (docs/integrity.md).
                insert.setBytes(4, packedRows.ids());
                insert.setBytes(5, packedRows.positions(leafFormat));
            } else {
                List<String> ids = sorted.stream().map(ChainEntry::rowId).toList();
                boolean hasPositions = sorted.stream().anyMatch(e -> e.positionText() != null);
                insert.setArray(4, c.createArrayOf("text", ids.toArray()));
                insert.setArray(5, hasPositions ? c.createArrayOf("text", sorted.stream().map(ChainEntry::positionText).toArray()) : null);
            }
            insert.setBytes(6, packedLeaves);
            insert.setBytes(7, root);
            insert.setBytes(8, prev);
            insert.setBytes(9, hash);
            insert.executeUpdate();
        }
        return new ChainLink(table, source, seq, new Lazy<>(sorted, ChainEntry::rowId), null, new Lazy<>(sorted, ChainEntry::leaf),
                root, prev, hash, null, leafFormat);
    }

    private static List<ChainEntry> byTextId(List<ChainEntry> rows) {
        List<ChainEntry> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(ChainEntry::rowId));
        return sorted;
    }

    /** The link's ids as text and its leaves, read from the entries only if a caller asks (the writers do not). */
    private static final class Lazy<T> extends AbstractList<T> {
        private final List<ChainEntry> rows;
        private final Function<ChainEntry, T> field;

        Lazy(List<ChainEntry> rows, Function<ChainEntry, T> field) {
            this.rows = rows;
            this.field = field;
        }

        @Override
        public T get(int index) {
            return field.apply(rows.get(index));
        }

        @Override
        public int size() {
            return rows.size();
        }
    }
}
