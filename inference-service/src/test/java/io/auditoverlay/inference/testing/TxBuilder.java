package io.auditoverlay.inference.testing;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.Completion;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.ChangeMessage;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Builds the canonical changes of one source transaction the way the normalizer emits them. */
public final class TxBuilder {

    private static final String DATABASE = "pharmacy";

    private final String source;
    private final String transactionId;
    private final String gtid;
    private final Instant committedAt;
    private final List<CanonicalChangeEvent> changes = new ArrayList<>();
    private final long basePos;
    private final Map<String, List<String>> keyColumns = new HashMap<>(Map.of(
            "inventory", List.of("branch_id", "product_id")));

    /**
     * @param gtid the Debezium transaction id, e.g. {@code 0-1-42}; the id becomes {@code pos:0-1-42}
     *        ({@code src:0-1-42} names another source)
     */
    public TxBuilder(String gtid, Instant committedAt) {
        this(gtid.contains(":") ? gtid.substring(0, gtid.indexOf(':')) : "pos",
                gtid.contains(":") ? gtid.substring(gtid.indexOf(':') + 1) : gtid, committedAt);
    }

    /** @param source the connector name / topic prefix; the id becomes {@code <source>:<gtid>} */
    public TxBuilder(String source, String gtid, Instant committedAt) {
        this.source = source;
        this.gtid = gtid;
        this.transactionId = source + ":" + gtid;
        this.committedAt = committedAt;
        this.basePos = Math.abs((long) gtid.hashCode()) % 1_000_000_000L * 10;
    }

    public String transactionId() {
        return transactionId;
    }

    /** Names a table's primary key columns (default {@code id}). */
    public TxBuilder key(String table, String... columns) {
        keyColumns.put(table, List.of(columns));
        return this;
    }

    public TxBuilder insert(String table, Map<String, Object> after) {
        return add(table, Operation.CREATE, null, after);
    }

    public TxBuilder update(String table, Map<String, Object> before, Map<String, Object> after) {
        return add(table, Operation.UPDATE, before, after);
    }

    public TxBuilder delete(String table, Map<String, Object> before) {
        return add(table, Operation.DELETE, before, null);
    }

    private TxBuilder add(String table, Operation op, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> row = after != null ? after : before;
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : keyColumns.getOrDefault(table, List.of("id"))) {
            key.put(column, row.get(column));
        }
        List<String> changed = new ArrayList<>();
        if (op == Operation.UPDATE) {
            for (String column : new TreeMap<>(after).keySet()) {
                if (!Objects.equals(before.get(column), after.get(column))) {
                    changed.add(column);
                }
            }
        } else {
            changed.addAll(new TreeMap<>(row).keySet());
        }
        int index = changes.size();
        SourcePosition position = new SourcePosition(1L, "mb.000001", basePos + index, 0, gtid, false);
        Object branch = row.containsKey("branch_id") ? row.get("branch_id") : row.get("store_no");
        changes.add(new CanonicalChangeEvent(EventIds.changeEventId(source, DATABASE, table, position, key), source,
                DATABASE, table, op, key, before, after, changed, transactionId, (long) index + 1, committedAt,
                committedAt.plusMillis(300), position, branch == null ? "1" : branch.toString(),
                CanonicalChangeEvent.SCHEMA_VERSION));
        return this;
    }

    public List<CanonicalChangeEvent> changes() {
        return List.copyOf(changes);
    }

    public TransactionEnd end() {
        Map<String, Long> collections = new LinkedHashMap<>();
        changes.forEach(c -> collections.merge(c.qualifiedTable(), 1L, Long::sum));
        return new TransactionEnd(transactionId, source, changes.size(), collections, committedAt.plusMillis(1));
    }

    /** The changes followed by the END marker, as the normalizer forwards them. */
    public List<ChangeMessage> messages() {
        List<ChangeMessage> out = new ArrayList<>(changes);
        out.add(end());
        return out;
    }

    public AssembledTransaction<String> assembled() {
        return new AssembledTransaction<>(transactionId, source, changes(), end(), Completion.COMPLETE, List.of());
    }

    /** A row image: alternating column names and values. */
    public static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    /** A copy of a row image with some columns changed. */
    public static Map<String, Object> with(Map<String, Object> row, Object... pairs) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.putAll(row(pairs));
        return copy;
    }
}
