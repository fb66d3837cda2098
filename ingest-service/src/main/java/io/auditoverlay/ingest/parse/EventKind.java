package io.auditoverlay.ingest.parse;

/** What a Debezium message is, which decides its topic and key. */
public enum EventKind {
    /** A row change: topic {@code <prefix>.<db>.<table>}, key = the row's primary key. */
    CHANGE,
    /** A transaction BEGIN/END marker: topic {@code <prefix>.transaction}, key {@code {"id":…}}. */
    TRANSACTION,
    /** A schema change: topic {@code <prefix>}, key {@code {"databaseName":…}}. */
    SCHEMA_CHANGE
}
