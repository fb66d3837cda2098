package io.auditoverlay.inference.store;

/** PostgreSQL refused or failed a read or write; the batch is retried and nothing is acknowledged. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
