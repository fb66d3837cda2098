package io.auditoverlay.normalizer.masking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeadLetterMasking masking = new DeadLetterMasking(
            new ColumnMasker(List.of("customers.full_name", "customers.phone", "*.national_id")), JSON);

    @Test
    void aRecordWithItsSchemaKeepsAllButTheMaskedValues() throws Exception {
        String record = """
                {"schema":{"type":"struct","fields":[]},"payload":{"before":{"id":7,"full_name":"Ada Quill","phone":null},
                "after":{"id":7,"full_name":"Ada Quillfeather","phone":"+41 79 555 01 02","national_id":"756.1234"},
                "source":{"db":"pharmacy","table":"customers"},"op":"u","unexpected":"why it failed"}}""";
        DeadLetterMasking.Result result = masking.mask("pos.pharmacy.customers", bytes(record));
        assertEquals(DeadLetterMasking.Treatment.MASKED, result.treatment());
        String sent = new String(result.value(), StandardCharsets.UTF_8);
        for (String secret : List.of("Ada Quill", "+41 79", "756.1234")) {
            assertFalse(sent.contains(secret), sent);
        }
        JsonNode payload = JSON.readTree(result.value()).path("payload");
        assertEquals("[REDACTED]", payload.path("after").path("full_name").asText());
        assertEquals("[REDACTED]", payload.path("before").path("full_name").asText());
        assertEquals(true, payload.path("before").path("phone").isNull(), "NULL stays NULL");
        assertEquals(7, payload.path("after").path("id").asInt());
        assertEquals("why it failed", payload.path("unexpected").asText(), "the rest of the record is kept for the diagnosis");
    }

    @Test
    void aRecordWithoutSchemaIsMaskedToo() throws Exception {
        DeadLetterMasking.Result result = masking.mask("pos-b001.pharmacy.customers",
                bytes("{\"before\":null,\"after\":{\"id\":1,\"full_name\":\"Bo Brisk\"},\"op\":\"c\"}"));
        assertEquals("[REDACTED]", JSON.readTree(result.value()).path("after").path("full_name").asText());
    }

    @Test
    void anUnreadableRecordOfAMaskedTableIsWithheld() {
        DeadLetterMasking.Result result = masking.mask("pos.pharmacy.customers", bytes("{\"after\":{\"full_name\":\"Cy Cut"));
        assertEquals(DeadLetterMasking.Treatment.WITHHELD, result.treatment());
        assertEquals(0, result.value().length);
    }

    @Test
    void recordsOfOtherTablesGoAsTheyCame() {
        byte[] sale = bytes("{\"after\":{\"id\":1,\"total\":\"not a number\"}}");
        DeadLetterMasking.Result result = masking.mask("pos.pharmacy.sales", sale);
        assertEquals(DeadLetterMasking.Treatment.NONE, result.treatment());
        assertArrayEquals(sale, result.value());
        assertEquals(DeadLetterMasking.Treatment.NONE, masking.mask("pos.transaction", bytes("{oops")).treatment());
        assertEquals(DeadLetterMasking.Treatment.WITHHELD, masking.mask("pos.pharmacy.users", bytes("{oops")).treatment(),
                "*.national_id may be a column of any table");
    }

    @Test
    void aReasonQuotingTheInputLosesTheQuotedText() {
        assertEquals("Unrecognized token '…': was expecting (JSON String, Number, Array, Object or token \"…\")",
                DeadLetterMasking.withoutQuotedText("Unrecognized token 'Quillfeather': was expecting (JSON String, Number, "
                        + "Array, Object or token \"null\")"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
