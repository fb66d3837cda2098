package io.auditoverlay.ingest.parse;

/**
 * A validated event and what routing needs from it.
 *
 * @param raw the event as received
 * @param kind what it is
 * @param prefix the topic prefix it names ({@code source.name}); {@code null} for transaction
 *        markers, which carry none
 * @param database {@code source.db} of a row change, {@code databaseName} of a schema change
 * @param table {@code source.table} of a row change
 * @param op {@code op} of a row change
 * @param transactionId {@code id} of a transaction marker
 */
public record ClassifiedEvent(RawEvent raw, EventKind kind, String prefix, String database, String table,
        String op, String transactionId) {

    public boolean isDelete() {
        return kind == EventKind.CHANGE && "d".equals(op);
    }
}
