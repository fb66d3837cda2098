package io.auditoverlay.model.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.json.AuditJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IntegrityPrimitivesTest {

    @Test
    void canonicalJsonIgnoresWhatJsonbRewrites() {
        String written = "{\"total\":36.590,\"name\":\"caf\\u00e9\",\"n\":1.0E2,\"z\":null,\"a\":[1,{\"y\":true,\"b\":-0}]}";
        String jsonb = "{\"a\": [1, {\"b\": 0, \"y\": true}], \"n\": 100, \"z\": null, \"name\": \"café\", \"total\": 36.59}";
        assertEquals(CanonicalJson.of(written), CanonicalJson.of(jsonb));
        assertEquals("{\"a\":[1,{\"b\":0,\"y\":true}],\"n\":100,\"name\":\"café\",\"total\":36.59,\"z\":null}", CanonicalJson.of(jsonb));
        assertNotEquals(CanonicalJson.of("{\"total\":36.59}"), CanonicalJson.of("{\"total\":0.01}"));
        assertNotEquals(CanonicalJson.of("{\"v\":\"1\"}"), CanonicalJson.of("{\"v\":1}"));
    }

    @Test
    void canonicalFromTheValueEqualsCanonicalFromItsJson() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("total", new BigDecimal("36.590"));
        row.put("big", new BigInteger("123456789012345678901234567890"));
        row.put("n", 1000L);
        row.put("i", -7);
        row.put("zero", new BigDecimal("0.000"));
        row.put("e", new BigDecimal("1E+3"));
        row.put("note", "tab\tquote\" back\\ é 😀 \u0001");
        row.put("nested", Map.of("z", List.of(1, "2", true), "a", Map.of()));
        row.put("none", null);
        String json = AuditJson.mapper().writeValueAsString(row);
        assertEquals(CanonicalJson.of(json), CanonicalJson.ofValue(row));
        row.put("min", Long.MIN_VALUE);
        row.put("neg", List.of(-1L, (short) -32768, (byte) 7, new BigDecimal("-0.0500")));
        row.put("\u00e9\u0000key", "\u007f\u0080\u07ff\u0800\uffff\u001f");
        json = AuditJson.mapper().writeValueAsString(row);
        for (int i = 0; i < 2; i++) { // the leaf's own writer, straight to bytes: the same bytes as from the JSON
            assertArrayEquals(Leaf.of("t").json(json).hash(), Leaf.of("t").json(row, json).hash());
        }
        assertEquals(null, CanonicalJson.ofValue(Map.of("d", 1.5d)), "doubles fall back to the written JSON");
        // The spelling itself, pinned: escapes, UTF-8 as is, numbers plain without trailing zeros.
        assertEquals("{\"e\":1000,\"n\":-0.05,\"note\":\"tab\\u0009quote\\\" back\\\\ é 😀 \\u0001\",\"z\":0}",
                CanonicalJson.of("{\"z\": 0.000, \"note\": \"tab\\tquote\\\" back\\\\ é 😀 \\u0001\", \"n\": -0.0500, \"e\": 1E+3}"));
    }

    @Test
    void theSameKeysInAnotherOrderGiveTheSameCanonicalForm() {
        String a = "amount";
        String b = "branch";
        String c = "code";
        Map<String, Object> first = new LinkedHashMap<>();
        first.put(c, 1);
        first.put(a, 2);
        first.put(b, 3);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put(b, 3);
        second.put(c, 1);
        second.put(a, 2);
        for (int i = 0; i < 3; i++) { // the second pass of each reuses the remembered order
            assertEquals("{\"amount\":2,\"branch\":3,\"code\":1}", CanonicalJson.ofValue(first));
            assertEquals("{\"amount\":2,\"branch\":3,\"code\":1}", CanonicalJson.ofValue(second));
        }
        first.put("a", 0);
        assertEquals("{\"a\":0,\"amount\":2,\"branch\":3,\"code\":1}", CanonicalJson.ofValue(first));
    }

    @Test
    void leafTimesRoundToMicrosecondsLikePostgres() {
        assertEquals(1_000_001L, Leaf.micros(Instant.ofEpochSecond(1, 1_499)));
        assertEquals(1_000_002L, Leaf.micros(Instant.ofEpochSecond(1, 1_501)));
        assertEquals(1_000_002L, Leaf.micros(Instant.ofEpochSecond(1, 2_500)));
        assertEquals(1_000_004L, Leaf.micros(Instant.ofEpochSecond(1, 3_500)));
    }

    @Test
    void leavesSeparateFields() {
        assertFalse(Arrays.equals(Leaf.of("t").text("ab").text("c").hash(), Leaf.of("t").text("a").text("bc").hash()));
        assertFalse(Arrays.equals(Leaf.of("t").text(null).hash(), Leaf.of("t").text("").hash()));
    }

    @Test
    void aChangeLeafIsTheOneOf41efd2f() {
        // Computed by build 41efd2f: the leaves stored links hold must not move when the leaf code does.
        CanonicalChangeEvent e = new CanonicalChangeEvent(UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427"), "pos", "pharmacy",
                "inventory", Operation.UPDATE, Map.of("branch_id", 1), Map.of("quantity", 5), Map.of("quantity", 4),
                List.of("quantity", "updated_at"), "pos:0-7-25", 3L, Instant.parse("2026-11-25T10:15:30.123456789Z"),
                Instant.parse("2026-11-25T10:15:31Z"), new SourcePosition(1L, "mb.000001", 355L, 2, "0-7-25", false), "1", 4);
        assertEquals("689806c8d9033664c9e6f27997d996aa2ae7f02d04703d4b6aa8a297647b1793",
                Hashes.hex(ChainedTable.changeLeafV2(e, "{\"branch_id\": 1}", "{\"quantity\": 5}", "{\"quantity\": 4}")));
        assertEquals("f88b03b4f84e644a28e60bca444484e0366fa736dab0022763f470c5fd08b5ae",
                Hashes.hex(Leaf.of("t").texts(List.of("a", "b")).texts(List.of()).texts(null).hash()));
    }

    @Test
    void merkleRootDependsOnEveryLeafAndOrder() {
        List<byte[]> leaves = List.of(Leaf.of("t").text("1").hash(), Leaf.of("t").text("2").hash(), Leaf.of("t").text("3").hash());
        byte[] root = Merkle.root(leaves);
        assertArrayEquals(root, Merkle.root(Merkle.split(Merkle.pack(leaves))));
        assertFalse(Arrays.equals(root, Merkle.root(List.of(leaves.get(1), leaves.get(0), leaves.get(2)))));
        assertFalse(Arrays.equals(root, Merkle.root(leaves.subList(0, 2))));
    }

    @Test
    void sealSignatureRoundTripsThroughKeyFiles() throws Exception {
        SealSigner signer = SealSigner.generate();
        Path key = Files.createTempFile("seal", ".key");
        Path pub = Files.createTempFile("seal", ".pub");
        Files.writeString(key, signer.privatePem());
        Files.writeString(pub, signer.publicPem());
        DailySeal seal = new DailySeal("changes.change_event", "pos1", LocalDate.parse("2026-12-01"), 1, 9, 9, 1200, "ab", "cd");
        byte[] sig = SealSigner.read(key).sign(seal.signedBytes());
        assertTrue(SealSigner.verify(SealSigner.readPublic(pub), seal.signedBytes(), sig));
        DailySeal forged = new DailySeal("changes.change_event", "pos1", LocalDate.parse("2026-12-01"), 1, 9, 9, 1199, "ab", "cd");
        assertFalse(SealSigner.verify(SealSigner.readPublic(pub), forged.signedBytes(), sig));
        assertEquals(16, SealSigner.fingerprint(signer.publicKey()).length());
        assertTrue(new String(seal.signedBytes(), StandardCharsets.UTF_8).contains("pos1"));
    }
}
