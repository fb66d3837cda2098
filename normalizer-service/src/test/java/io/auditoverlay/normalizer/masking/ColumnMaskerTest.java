package io.auditoverlay.normalizer.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMaskerTest {

    @Test
    void tableColumnMatchesInAnyDatabase() {
        ColumnMasker masker = new ColumnMasker(List.of("customers.phone"));
        assertTrue(masker.isMasked("pharmacy", "customers", "phone"));
        assertTrue(masker.isMasked("other", "customers", "phone"));
        assertTrue(masker.isMasked("pharmacy", "CUSTOMERS", "Phone"), "MySQL names are case-insensitive");
        assertFalse(masker.isMasked("pharmacy", "customers", "id"));
        assertFalse(masker.isMasked("pharmacy", "customers_archive", "phone"));
    }

    @Test
    void wildcardsAndDatabaseQualifiedPatterns() {
        ColumnMasker masker = new ColumnMasker(List.of("*.national_id", "pharmacy.users.e*", "customers.*"));
        assertTrue(masker.isMasked("pharmacy", "anything", "national_id"));
        assertTrue(masker.isMasked("pharmacy", "users", "email"));
        assertFalse(masker.isMasked("other", "users", "email"), "database-qualified");
        assertTrue(masker.isMasked("x", "customers", "birth_date"));
        assertFalse(masker.isMasked("x", "products", "name"));
    }

    @Test
    void masksValuesButKeepsNullsAndOtherColumns() {
        ColumnMasker masker = new ColumnMasker(List.of("customers.phone", "customers.national_id"));
        Map<String, Object> row = new HashMap<>();
        row.put("id", 5L);
        row.put("phone", "+1-555-0100");
        row.put("national_id", null);
        Map<String, Object> masked = masker.mask("pharmacy", "customers", row);
        assertEquals(CanonicalChangeEvent.REDACTED, masked.get("phone"));
        assertNull(masked.get("national_id"));
        assertEquals(5L, masked.get("id"));
        assertEquals("+1-555-0100", row.get("phone"), "the input row is not modified");
    }

    @Test
    void unmaskedRowsAreReturnedAsTheyAre() {
        ColumnMasker masker = new ColumnMasker(List.of("customers.phone"));
        Map<String, Object> row = Map.of("id", 1L);
        assertSame(row, masker.mask("pharmacy", "products", row));
        assertNull(masker.mask("pharmacy", "customers", null));
        assertSame(row, new ColumnMasker(List.of()).mask("pharmacy", "customers", row));
    }

    @Test
    void aMaskedColumnNamedByAPatternThatARowLacksIsReported() {
        ColumnMasker masker = new ColumnMasker(List.of("customers.phone", "pharmacy.customers.national_id", "*.email", "users.e*"));
        Map<String, Object> renamed = new HashMap<>();
        renamed.put("id", 5L);
        renamed.put("phone_number", "+1-555-0100");
        renamed.put("NATIONAL_ID", null);
        assertEquals(List.of("phone"), masker.absentMaskedColumns("pharmacy", "customers", renamed),
                "renamed away (names compare without case, a NULL value is present)");
        assertEquals(List.of("phone"), masker.absentMaskedColumns("other", "customers", renamed), "table.column: any database");
        renamed.put("phone", null);
        assertTrue(masker.absentMaskedColumns("pharmacy", "customers", renamed).isEmpty());
        assertTrue(masker.absentMaskedColumns("pharmacy", "products", Map.of("id", 1L)).isEmpty(),
                "wildcard patterns (*.email, users.e*) require nothing");
        assertTrue(masker.absentMaskedColumns("pharmacy", "users", Map.of("id", 1L)).isEmpty());
    }
}
