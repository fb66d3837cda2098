package io.auditoverlay.inference.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Key deserializer of {@code audit.changes} (the transaction id): the records of an open
 * transaction share one key string instead of one copy each.
 */
public final class TransactionKeyDeserializer implements Deserializer<String> {

    @Override
    public String deserialize(String topic, byte[] data) {
        return data == null ? null : Canonical.intern(new String(data, StandardCharsets.UTF_8));
    }
}
