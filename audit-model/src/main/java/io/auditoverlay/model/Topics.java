package io.auditoverlay.model;

/**
 * Kafka topic names shared by the services (docs/architecture.md, "Kafka topics").
 *
 * <p>Raw topics are Debezium's own: {@code <prefix>.<db>.<table>} for row changes and
 * {@code <prefix>.transaction} for BEGIN/END markers, {@code <prefix>} for DDL statements.
 */
public final class Topics {

    /** Canonical change events and transaction END markers, keyed by transaction id. */
    public static final String CHANGES = "audit.changes";
    /** Business events, keyed by branch id. */
    public static final String BUSINESS = "audit.business";
    /** Anomalies, keyed by branch id. */
    public static final String ANOMALIES = "audit.anomalies";
    /** Messages that could not be processed: original key and bytes, headers naming the error. */
    public static final String DLQ = "audit.dlq";

    /** Suffix of Debezium's transaction metadata topic. */
    public static final String TRANSACTION_SUFFIX = ".transaction";

    private Topics() {
    }

    /** The topic Debezium's Kafka sink uses for a table's row changes. */
    public static String raw(String prefix, String database, String table) {
        return prefix + "." + database + "." + table;
    }

    /** The topic Debezium's Kafka sink uses for transaction BEGIN/END markers. */
    public static String transaction(String prefix) {
        return prefix + TRANSACTION_SUFFIX;
    }

    public static boolean isTransactionTopic(String topic) {
        return topic.endsWith(TRANSACTION_SUFFIX);
    }

    /**
     * Debezium's schema-change topic is the bare prefix ({@code include.schema.changes=true}):
     * one record per DDL statement, keyed by database.
     */
    public static boolean isSchemaChangeTopic(String topic) {
        return topic.indexOf('.') < 0;
    }
}
