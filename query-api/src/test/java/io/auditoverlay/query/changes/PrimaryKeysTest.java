package io.auditoverlay.query.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.auditoverlay.query.web.ApiException;

class PrimaryKeysTest {

    @Test
    void keysBecomeTheStoredJson() {
        assertEquals("{\"id\":42}", PrimaryKeys.parse("pk", "id=42"));
        assertEquals("{\"branch_id\":7,\"product_id\":5}", PrimaryKeys.parse("pk", "branch_id=7, product_id=5"));
        assertEquals("{\"code\":\"B-07\"}", PrimaryKeys.parse("pk", "code=B-07"));
        assertEquals("{\"id\":42}", PrimaryKeys.parse("pk", "{\"id\": 42}"));
        assertNull(PrimaryKeys.parse("pk", " "));
    }

    @Test
    void malformedKeysAre400() {
        for (String bad : new String[] {"42", "=5", "{\"id\":", "[1]", "{}"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> PrimaryKeys.parse("pk", bad)).status(), bad);
        }
    }
}
