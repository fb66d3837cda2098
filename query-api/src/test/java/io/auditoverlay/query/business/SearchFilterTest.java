package io.auditoverlay.query.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.auditoverlay.query.web.ApiException;
import org.junit.jupiter.api.Test;

/** A text search must be able to use the trigram index, or be narrowed by another indexed filter. */
class SearchFilterTest {

    @Test
    void aShortTextAloneIsRefused() {
        ApiException e = assertThrows(ApiException.class,
                () -> BusinessEventResource.filter(null, null, null, null, null, null, "ab", null, null));
        assertEquals(400, e.status());
        assertThrows(ApiException.class, () -> BusinessEventResource.filter("sale.voided", "3", null, null, null, null, "%", null, null));
    }

    @Test
    void aShortTextWithANarrowingFilterOrAThreeCharacterTextIsSearched() {
        assertEquals("%", BusinessEventResource.filter(null, null, "305", null, null, null, "%", null, null).text());
        assertEquals("_", BusinessEventResource.filter(null, null, null, null, null, "pos:1", "_", null, null).text());
        assertEquals("abc", BusinessEventResource.filter(null, null, null, null, null, null, " abc ", null, null).text());
    }
}
