package io.auditoverlay.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DlqHeadersTest {

    @Test
    void namesTheReasonServiceAndSourcePosition() {
        Map<String, String> h = DlqHeaders.of(new IllegalArgumentException("malformed JSON"), "normalizer-service",
                "pos.pharmacy.sales", 0, 42L);
        assertEquals("malformed JSON", h.get(DlqHeaders.REASON));
        assertEquals(IllegalArgumentException.class.getName(), h.get(DlqHeaders.ERROR_CLASS));
        assertEquals("normalizer-service", h.get(DlqHeaders.SERVICE));
        assertEquals("pos.pharmacy.sales", h.get(DlqHeaders.SOURCE_TOPIC));
        assertEquals("0", h.get(DlqHeaders.SOURCE_PARTITION));
        assertEquals("42", h.get(DlqHeaders.SOURCE_OFFSET));
        assertTrue(h.containsKey(DlqHeaders.FAILED_AT));
        assertEquals(List.of(DlqHeaders.REASON, DlqHeaders.ERROR_CLASS, DlqHeaders.SERVICE, DlqHeaders.FAILED_AT,
                DlqHeaders.SOURCE_TOPIC, DlqHeaders.SOURCE_PARTITION, DlqHeaders.SOURCE_OFFSET), List.copyOf(h.keySet()));
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsClassAndNoSourceMeansNoPosition() {
        Map<String, String> h = DlqHeaders.of(new NullPointerException(), "ai-service", null, null, null);
        assertEquals(NullPointerException.class.getName(), h.get(DlqHeaders.REASON));
        assertFalse(h.containsKey(DlqHeaders.SOURCE_TOPIC));
    }
}
