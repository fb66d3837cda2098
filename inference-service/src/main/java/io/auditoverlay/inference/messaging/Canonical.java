package io.auditoverlay.inference.messaging;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a parsed change so that an open transaction holds it cheaply: rows as
 * {@link CompactRow}, and the strings every change repeats (source, database, table, column
 * names, binlog file, short values such as statuses) canonicalised, so that thousands of open
 * transactions share one copy of each instead of one per change.
 */
final class Canonical {

    /** Longer text values (notes, JSON) are seldom repeated; interning them would only cost. */
    private static final int MAX_INTERNED_LENGTH = 32;
    /**
     * Column lists (a table's columns, an update's changed columns) repeat: rows of one table share
     * one array. Bounded, in case a source has unusually many shapes; beyond it rows keep their own.
     */
    private static final int MAX_SHAPES = 4_096;
    private static final Map<List<String>, String[]> SHAPES = new ConcurrentHashMap<>();
    private static final Map<List<String>, List<String>> COLUMN_LISTS = new ConcurrentHashMap<>();

    private Canonical() {
    }

    static ChangeMessage message(ChangeMessage message) {
        if (!(message instanceof CanonicalChangeEvent c)) {
            return message;
        }
        SourcePosition p = c.position();
        SourcePosition position = p == null ? null
                : new SourcePosition(p.serverId(), intern(p.file()), p.pos(), p.row(), intern(p.gtid()), p.snapshot());
        return new CanonicalChangeEvent(c.eventId(), intern(c.source()), intern(c.database()), intern(c.table()), c.op(),
                CompactRow.of(c.primaryKey()), CompactRow.of(c.before()), CompactRow.of(c.after()),
                columns(c.changedColumns()), intern(c.transactionId()), c.transactionOrder(), c.committedAt(), c.capturedAt(),
                position, intern(c.branchId()), c.schemaVersion());
    }

    static Object value(Object value) {
        return value instanceof String text && text.length() <= MAX_INTERNED_LENGTH ? text.intern() : value;
    }

    /** One shared array per list of column names. */
    static String[] shared(String[] columns) {
        List<String> shape = List.of(columns);
        String[] known = SHAPES.get(shape);
        if (known != null) {
            return known;
        }
        for (int i = 0; i < columns.length; i++) {
            columns[i] = columns[i].intern();
        }
        if (SHAPES.size() < MAX_SHAPES) {
            SHAPES.putIfAbsent(shape, columns);
        }
        return columns;
    }

    private static List<String> columns(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return columns == null ? null : List.of();
        }
        List<String> list = List.copyOf(columns);
        List<String> known = COLUMN_LISTS.get(list);
        if (known != null) {
            return known;
        }
        list = List.of(shared(list.toArray(String[]::new)));
        if (COLUMN_LISTS.size() < MAX_SHAPES) {
            COLUMN_LISTS.putIfAbsent(list, list);
        }
        return list;
    }

    /**
     * Canonical copy of a string that many changes repeat. Transaction ids are interned too: every
     * change and record key of a transaction carries it; the JVM's string table lets go of an
     * interned string once nothing refers to it.
     */
    static String intern(String text) {
        return text == null ? null : text.intern();
    }
}
