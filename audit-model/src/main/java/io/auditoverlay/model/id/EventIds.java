package io.auditoverlay.model.id;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.auditoverlay.model.change.SourcePosition;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Deterministic ids (UUID v5, SHA-1 name based) for everything the pipeline writes, so that
 * redelivery, a restart or a replay produces the same ids and idempotent inserts skip them.
 */
public final class EventIds {

    /** Namespace of canonical change event ids. */
    public static final UUID CHANGE_NAMESPACE = UUID.fromString("6f1b8c52-5d0e-4b6e-9a57-6a0d6c3f1a01");
    /** Namespace of business event ids. */
    public static final UUID BUSINESS_NAMESPACE = UUID.fromString("6f1b8c52-5d0e-4b6e-9a57-6a0d6c3f1a02");
    /** Namespace of anomaly ids. */
    public static final UUID ANOMALY_NAMESPACE = UUID.fromString("6f1b8c52-5d0e-4b6e-9a57-6a0d6c3f1a03");

    private static final NameBasedGenerator CHANGE = Generators.nameBasedGenerator(CHANGE_NAMESPACE);
    private static final NameBasedGenerator BUSINESS = Generators.nameBasedGenerator(BUSINESS_NAMESPACE);
    private static final NameBasedGenerator ANOMALY = Generators.nameBasedGenerator(ANOMALY_NAMESPACE);

    private EventIds() {
    }

    /**
     * The id of a canonical change event: its source (connector name / topic prefix), server id,
     * binlog file, position and row index, and table. A snapshot row has no binlog position of its
     * own, so its primary key is part of the name too. The same binlog row gets the same id
     * whichever path (Kafka sink or HTTP sink) brought it.
     */
    public static UUID changeEventId(String source, String database, String table, SourcePosition position,
            Map<String, Object> primaryKey) {
        StringBuilder name = new StringBuilder(128)
                .append(source).append('|')
                .append(position.serverId()).append('|')
                .append(position.file()).append('|')
                .append(position.pos()).append('|')
                .append(position.row()).append('|')
                .append(database).append('.').append(table);
        if (position.snapshot()) {
            name.append("|snapshot|").append(canonical(primaryKey));
        }
        return CHANGE.generate(name.toString());
    }

    /** The id of a business event: (transaction id, rule name, subject key). */
    public static UUID businessEventId(String transactionId, String rule, String subjectKey) {
        return BUSINESS.generate(Objects.requireNonNull(transactionId, "transactionId") + '|' + rule + '|' + subjectKey);
    }

    /** The id of an anomaly: its detector and the parts that identify what and when it is about. */
    public static UUID anomalyId(String detector, String... parts) {
        return ANOMALY.generate(detector + '|' + String.join("|", parts));
    }

    /** A key-order independent rendering of a primary key. */
    private static String canonical(Map<String, Object> key) {
        return key == null ? "" : new TreeMap<>(key).toString();
    }
}
