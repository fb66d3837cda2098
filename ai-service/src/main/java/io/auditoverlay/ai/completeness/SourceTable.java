package io.auditoverlay.ai.completeness;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * An audited table as the source describes it.
 *
 * @param columns every column, in table order
 * @param keyColumns the primary key, in key order
 * @param estimatedRows InnoDB's estimate (information_schema, no scan)
 */
public record SourceTable(String database, String name, List<Column> columns, List<String> keyColumns, long estimatedRows) {

    /** A column, its type ({@code DATA_TYPE}, {@code COLUMN_TYPE} of information_schema) and whether it takes NULL. */
    public record Column(String name, String dataType, String columnType, boolean nullable) {

        public Column(String name, String dataType, String columnType) {
            this(name, dataType, columnType, true);
        }

        /** An integer type: a key column of this type can be cut into numeric ranges. */
        boolean integral() {
            return switch (dataType) {
                case "tinyint", "smallint", "mediumint", "int", "bigint" -> true;
                default -> false;
            };
        }
    }

    public String qualified() {
        return database + "." + name;
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The key column chunks are cut on: the one a jsonb object of the key sorts on first (PostgreSQL
     * stores an object's keys shortest first, then bytewise), so that a range of it is a range of the
     * trail's {@code (table_name, primary_key)} index. Ranges need it to be an integer and the
     * leading column of the source's primary key (a range scan there); otherwise null (one chunk).
     */
    public String chunkColumn() {
        String first = keyColumns.stream()
                .min(Comparator.comparingInt((String k) -> k.getBytes(StandardCharsets.UTF_8).length)
                        .thenComparing(Comparator.naturalOrder()))
                .orElse(null);
        if (first == null || !first.equals(keyColumns.get(0)) || !column(first).integral()) {
            return null;
        }
        return first;
    }
}
