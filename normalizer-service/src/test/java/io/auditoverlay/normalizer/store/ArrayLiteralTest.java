package io.auditoverlay.normalizer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayLiteralTest {

    @Test
    void quotesAndEscapesEveryElement() {
        assertEquals("{}", ChangeEventStore.arrayLiteral(List.of()));
        assertEquals("{\"id\",\"unit_price\"}", ChangeEventStore.arrayLiteral(List.of("id", "unit_price")));
        assertEquals("{\"we\\\"ird\",\"back\\\\slash\",\"a,b\",\"{x}\"}",
                ChangeEventStore.arrayLiteral(List.of("we\"ird", "back\\slash", "a,b", "{x}")));
    }
}
