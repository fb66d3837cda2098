package io.auditoverlay.normalizer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the INSERT path stores, and so what the chain links: each new row once, in batch order. */
class NewRowsTest {

    private static StoredRow row(UUID id) {
        CanonicalChangeEvent e = new CanonicalChangeEvent(id, "pos", "pharmacy", "products", Operation.CREATE, Map.of("id", 1),
                null, Map.of("id", 1), List.of(), "pos:0-1-7", 1L, Instant.parse("2026-11-25T10:15:30Z"), null,
                new SourcePosition(1L, "bin.1", 4L, 0, null, false), "1", 1);
        return StoredRow.of(e, "{\"id\": 1}", null, "{\"id\": 1}", e.committedAt().toString(), null, true);
    }

    @Test
    void aRowTwiceInOneBatchIsStoredAndLinkedOnce_andRowsAlreadyStoredAreLeftOut() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        StoredRow first = row(a);
        StoredRow again = row(a);
        StoredRow other = row(b);
        List<StoredRow> rows = List.of(first, row(old), again, other);
        List<StoredRow> stored = ChangeEventStore.newRows(rows, new HashSet<>(Set.of(a, b)));
        assertEquals(2, stored.size());
        assertSame(first, stored.get(0), "the first of the two");
        assertSame(other, stored.get(1));
    }

    @Test
    void allNewIsTheBatchItself() {
        List<StoredRow> rows = List.of(row(UUID.randomUUID()), row(UUID.randomUUID()));
        assertSame(rows, ChangeEventStore.newRows(rows, new HashSet<>(Set.of(rows.get(0).event().eventId(), rows.get(1).event().eventId()))));
    }
}
