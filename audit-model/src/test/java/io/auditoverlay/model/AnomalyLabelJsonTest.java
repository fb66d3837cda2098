package io.auditoverlay.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.model.json.AuditJson;
import io.auditoverlay.model.label.AnomalyClasses;
import io.auditoverlay.model.label.AnomalyLabel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyLabelJsonTest {

    private final ObjectMapper json = AuditJson.mapper();

    @Test
    void labelIsOneLineWithClassAndIsoInstantsAndRoundTrips() throws Exception {
        AnomalyLabel label = new AnomalyLabel("void_abuse-1", AnomalyClasses.VOID_ABUSE, "3", "57", null,
                Instant.parse("2026-11-20T14:00:00Z"), Instant.parse("2026-11-20T16:30:00.250Z"),
                List.of(new AnomalyLabel.RowRef("sales", Map.of("id", 42)),
                        new AnomalyLabel.RowRef("inventory", Map.of("branch_id", 3, "product_id", 17))),
                Map.of("voids", 12));

        String text = json.writeValueAsString(label);
        assertFalse(text.contains("\n"), text);
        assertTrue(text.startsWith("{\"id\":\"void_abuse-1\",\"class\":\"void_abuse\""), text);
        assertTrue(text.contains("\"windowEnd\":\"2026-11-20T16:30:00.250Z\""), text);
        assertFalse(text.contains("productId"), "null fields are left out: " + text);

        AnomalyLabel back = json.readValue(text, AnomalyLabel.class);
        assertEquals(label.anomalyClass(), back.anomalyClass());
        assertEquals(label.windowEnd(), back.windowEnd());
        assertEquals(17, back.rows().get(1).pk().get("product_id"));
    }

    @Test
    void everyClassIsListedOnce() {
        assertEquals(9, AnomalyClasses.ALL.size());
        assertEquals(9, AnomalyClasses.ALL.stream().distinct().count());
    }
}
