package io.auditoverlay.ingest.messaging;

/** Kafka could not take the records now; the sender should retry later (503). */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
