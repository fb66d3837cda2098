package io.auditoverlay.normalizer.pipeline;

import io.auditoverlay.model.change.TransactionEnd;
import io.auditoverlay.normalizer.encoding.EncodedMessage;
import io.auditoverlay.normalizer.mapping.Mapped;
import io.auditoverlay.normalizer.store.StoredRow;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A raw record with what it mapped to and its encoding (null when skipped), and why it could
 * not be mapped or stored if it could not.
 */
public record MappedRecord(ConsumerRecord<byte[], ByteBuffer> record, Mapped mapped, EncodedMessage encoded,
        Exception error) {

    public MappedRecord(ConsumerRecord<byte[], ByteBuffer> record, Exception error) {
        this(record, null, null, error);
    }

    public MappedRecord failed(Exception e) {
        return new MappedRecord(record, mapped, encoded, e);
    }

    static List<StoredRow> rows(List<MappedRecord> records) {
        return records.stream().filter(r -> r.encoded.row() != null).map(r -> r.encoded.row()).toList();
    }

    static List<TransactionEnd> ends(List<MappedRecord> records) {
        return records.stream().filter(r -> r.mapped instanceof Mapped.End).map(r -> ((Mapped.End) r.mapped).end())
                .toList();
    }
}
