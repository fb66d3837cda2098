package io.auditoverlay.inference.messaging;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.TransactionEnd;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the consumer sends to the dead-letter topic instead of the assembler. */
class ChangeConsumerTest {

    @Test
    void acceptsWellFormedMessagesAndRejectsOnesTheAssemblerCannotPlace() {
        CanonicalChangeEvent c = Pos.roleChange("0-1-1", Instant.EPOCH, 1, 1, 1, 3).changes().get(0);
        assertSame(c, ChangeConsumer.validate(c));
        TransactionEnd end = new TransactionEnd("pos:0-1-1", "pos", 1, Map.of(), Instant.EPOCH);
        assertSame(end, ChangeConsumer.validate(end));
        CanonicalChangeEvent noTable = new CanonicalChangeEvent(c.eventId(), c.source(), c.database(), null, c.op(),
                c.primaryKey(), c.before(), c.after(), c.changedColumns(), c.transactionId(), 1L, c.committedAt(),
                c.capturedAt(), c.position(), c.branchId(), 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChangeConsumer.validate(noTable)).getMessage()
                .contains("without eventId, table or op"));
        assertThrows(IllegalArgumentException.class,
                () -> ChangeConsumer.validate(new TransactionEnd(null, "pos", 1, Map.of(), Instant.EPOCH)));
        assertThrows(IllegalArgumentException.class, () -> ChangeConsumer.validate(null));
    }
}
