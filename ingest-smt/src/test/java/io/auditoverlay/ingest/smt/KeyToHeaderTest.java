package io.auditoverlay.ingest.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class KeyToHeaderTest {

    private static final Schema KEY = SchemaBuilder.struct().name("pos.pharmacy.inventory.Key")
            .field("branch_id", Schema.INT32_SCHEMA)
            .field("product_id", Schema.INT64_SCHEMA)
            .build();

    @Test
    void headerHoldsTheKeyExactlyAsTheJsonKeyConverterWritesIt() {
        Struct key = new Struct(KEY).put("branch_id", 3).put("product_id", 42L);
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "pos.pharmacy.inventory", null, KEY, key,
                Schema.STRING_SCHEMA, "value");

        JsonConverter kafkaSinkKeyConverter = new JsonConverter();
        kafkaSinkKeyConverter.configure(Map.of("schemas.enable", "false"), true);
        String expected = new String(kafkaSinkKeyConverter.fromConnectData(record.topic(), KEY, key),
                StandardCharsets.UTF_8);

        try (KeyToHeader<SourceRecord> transform = new KeyToHeader<>()) {
            transform.configure(Map.of());
            SourceRecord out = transform.apply(record);
            assertEquals("{\"branch_id\":3,\"product_id\":42}", expected);
            assertEquals(expected, out.headers().lastWithName(KeyToHeader.DEFAULT_HEADER).value());
        }
    }

    @Test
    void recordWithoutKeyGetsJsonNullAndHeaderNameIsConfigurable() {
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "pos.pharmacy.log", null, null, null,
                Schema.STRING_SCHEMA, "value");
        try (KeyToHeader<SourceRecord> transform = new KeyToHeader<>()) {
            transform.configure(Map.of("header", "k"));
            assertEquals("null", transform.apply(record).headers().lastWithName("k").value());
        }
    }

    @Test
    void converterSettingsArePassedThrough() {
        Struct key = new Struct(SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build()).put("id", 5L);
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "t", null, key.schema(), key,
                Schema.STRING_SCHEMA, "value");
        try (KeyToHeader<SourceRecord> transform = new KeyToHeader<>()) {
            transform.configure(Map.of("converter.schemas.enable", "true"));
            String header = (String) transform.apply(record).headers().lastWithName("audit.key").value();
            assertEquals(true, header.startsWith("{\"schema\":"), header);
            assertEquals(true, header.endsWith("\"payload\":{\"id\":5}}"), header);
        }
    }
}
