package io.auditoverlay.model.change;

/** What happened to a row. */
public enum Operation {
    CREATE, UPDATE, DELETE, /** A row read by the connector's initial snapshot. */ READ, TRUNCATE,
    /**
     * A DDL statement on the table (Debezium's schema-change record, not a row change): its
     * primary key is empty, its after-image holds the statement (docs/architecture.md, "Records").
     */
    DDL;

    /**
     * Maps Debezium's {@code op} code ({@code c u d r t}).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Operation fromDebezium(String op) {
        if (op == null) {
            throw new IllegalArgumentException("change event has no 'op'");
        }
        return switch (op) {
            case "c" -> CREATE;
            case "u" -> UPDATE;
            case "d" -> DELETE;
            case "r" -> READ;
            case "t" -> TRUNCATE;
            default -> throw new IllegalArgumentException("unknown Debezium op '" + op + "'");
        };
    }
}
