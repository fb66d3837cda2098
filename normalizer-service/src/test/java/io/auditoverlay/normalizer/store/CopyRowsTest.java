package io.auditoverlay.normalizer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    private final UUID id = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

    @Test
    void aLineHasEveryColumnEscapedForCopyTextFormat() {
        CanonicalChangeEvent e = new CanonicalChangeEvent(id, "pos", "pharmacy", "products", Operation.UPDATE,
                Map.of(), null, null, List.of("name", "we\"ird"), "pos:0-1-7", 2L,
                Instant.parse("2026-11-25T10:15:30.123Z"), null,
                new SourcePosition(1L, "bin\t1", 4L, 0, null, false), "2", 1);
        String line = new String(CopyRows.line(e, "{\"id\":1}", null, "{\"n\":\"a\\\\b\\n\u00e9\"}\t",
                e.committedAt().toString(), null),
                StandardCharsets.UTF_8);

        assertEquals(String.join("\t", id.toString(), "pos", "pharmacy", "products", "UPDATE", "{\"id\":1}", "\\N",
                "{\"n\":\"a\\\\\\\\b\\\\n\u00e9\"}\\t", "{\"name\",\"we\\\\\"ird\"}", "pos:0-1-7", "2",
                "2026-11-25T10:15:30.123Z", "\\N", "1", "bin\\t1", "4", "0", "\\N", "f", "2", "1") + "\n", line);
        assertEquals(CopyRows.COLUMNS.split(", ").length, line.split("\t", -1).length);
    }
}
