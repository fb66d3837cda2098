package io.auditoverlay.normalizer.masking;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Replaces the values of configured columns with {@link CanonicalChangeEvent#REDACTED}.
 * Patterns are {@code table.column} or {@code db.table.column}; {@code *} matches any run of
 * characters. The decision per {@code db.table.column} is cached: the set of columns is small.
 */
public final class ColumnMasker {

    private final List<Pattern> patterns;
    /** Per pattern, what its db.table part matches (a pattern without a column part: any table). */
    private final List<Pattern> tablePatterns;
    /** Decisions by table, then column: one table lookup per row rather than a name built per column. */
    private final Map<Table, Map<String, Boolean>> decisions = new ConcurrentHashMap<>();

    /** Per pattern naming one column of one table (no '*'): the table part and the column. */
    private final List<Map.Entry<Pattern, String>> named;
    /** By table, the columns it must have because a pattern names them. */
    private final Map<Table, List<String>> required = new ConcurrentHashMap<>();

    private record Table(String database, String table) {
    }

    public ColumnMasker(List<String> maskedColumns) {
        this.patterns = maskedColumns.stream()
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .map(ColumnMasker::compile)
                .toList();
        this.tablePatterns = maskedColumns.stream()
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .map(p -> p.contains(".") ? Pattern.compile(glob(p.substring(0, p.lastIndexOf('.')),
                        p.chars().filter(c -> c == '.').count() < 2), Pattern.CASE_INSENSITIVE) : Pattern.compile(".*"))
                .toList();
        this.named = maskedColumns.stream()
                .map(String::trim)
                .filter(p -> p.contains(".") && !p.contains("*"))
                .map(p -> Map.entry(Pattern.compile(glob(p.substring(0, p.lastIndexOf('.')),
                        p.chars().filter(c -> c == '.').count() < 2), Pattern.CASE_INSENSITIVE), p.substring(p.lastIndexOf('.') + 1)))
                .toList();
    }

    /**
     * The masked columns a pattern names for this table that the row does not have. A DDL that renamed
     * or dropped a masked column makes its values arrive under another name, which no pattern masks:
     * such a row must be quarantined, not stored (docs/architecture.md, "Masking").
     */
    public List<String> absentMaskedColumns(String database, String table, Map<String, Object> row) {
        if (row == null || named.isEmpty()) {
            return List.of();
        }
        List<String> columns = required.computeIfAbsent(new Table(database, table), t -> named.stream()
                .filter(n -> n.getKey().matcher(database + '.' + table).matches()).map(Map.Entry::getValue).distinct().toList());
        List<String> absent = new ArrayList<>();
        for (String column : columns) {
            if (!row.containsKey(column) && row.keySet().stream().noneMatch(column::equalsIgnoreCase)) {
                absent.add(column);
            }
        }
        return absent;
    }

    /** Whether some column of the table may be masked (a dead letter of it must not go out as it came). */
    public boolean masksAnyColumnOf(String database, String table) {
        String name = database + '.' + table;
        return tablePatterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static Pattern compile(String glob) {
        // A two-part pattern (table.column) matches in any database.
        return Pattern.compile(glob(glob, glob.chars().filter(c -> c == '.').count() < 2), Pattern.CASE_INSENSITIVE);
    }

    private static String glob(String glob, boolean anyDatabase) {
        StringBuilder regex = new StringBuilder(anyDatabase ? "[^.]*\\." : "");
        for (String part : glob.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        regex.setLength(regex.length() - 2);
        return regex.toString();
    }

    public boolean isMasked(String database, String table, String column) {
        return isMasked(columnsOf(database, table), database, table, column);
    }

    private Map<String, Boolean> columnsOf(String database, String table) {
        return decisions.computeIfAbsent(new Table(database, table), t -> new ConcurrentHashMap<>());
    }

    private boolean isMasked(Map<String, Boolean> columns, String database, String table, String column) {
        Boolean decided = columns.get(column);
        if (decided == null) {
            String name = database + '.' + table + '.' + column;
            decided = patterns.stream().anyMatch(p -> p.matcher(name).matches());
            columns.put(column, decided);
        }
        return decided;
    }

    /** A copy of the row with masked columns redacted, or the row itself when nothing is masked. */
    public Map<String, Object> mask(String database, String table, Map<String, Object> row) {
        if (row == null || patterns.isEmpty()) {
            return row;
        }
        Map<String, Boolean> columns = columnsOf(database, table);
        Map<String, Object> masked = null;
        for (Map.Entry<String, Object> column : row.entrySet()) {
            if (column.getValue() != null && isMasked(columns, database, table, column.getKey())) {
                if (masked == null) {
                    masked = new LinkedHashMap<>(row);
                }
                masked.put(column.getKey(), CanonicalChangeEvent.REDACTED);
            }
        }
        return masked == null ? row : masked;
    }
}
