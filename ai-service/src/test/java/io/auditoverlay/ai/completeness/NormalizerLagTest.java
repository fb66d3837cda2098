package io.auditoverlay.ai.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The normalizer's backlog: end offsets minus what its group committed. */
class NormalizerLagTest {

    private static final TopicPartition SALES = new TopicPartition("pos.pharmacy.sales", 0);
    private static final TopicPartition TX = new TopicPartition("pos.transaction", 0);

    private static ListOffsetsResultInfo at(long offset) {
        return new ListOffsetsResultInfo(offset, -1, Optional.empty());
    }

    @Test
    void lagIsWhatTheGroupHasNotCommitted() {
        assertEquals(30 + 0, NormalizerLag.lag(Map.of(SALES, at(130), TX, at(50)), Map.of(SALES, at(0), TX, at(0)),
                Map.of(SALES, new OffsetAndMetadata(100), TX, new OffsetAndMetadata(50))));
    }

    @Test
    void aPartitionNeverCommittedCountsFromItsEarliestOffset() {
        assertEquals(130 - 20 + 50, NormalizerLag.lag(Map.of(SALES, at(130), TX, at(50)), Map.of(SALES, at(20), TX, at(0)),
                Map.of()));
    }

    @Test
    void caughtUpIsZero() {
        assertEquals(0, NormalizerLag.lag(Map.of(SALES, at(130)), Map.of(SALES, at(0)), Map.of(SALES, new OffsetAndMetadata(130))));
    }
}
