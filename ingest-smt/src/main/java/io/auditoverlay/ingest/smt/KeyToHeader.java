package io.auditoverlay.ingest.smt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Copies a record's key into a header, serialized with the same {@link JsonConverter} settings that
 * Debezium Server's Kafka sink uses for keys ({@code debezium.format.key=json}).
 *
 * <p>Debezium Server's http sink posts only the value; it forwards record headers as
 * {@code X-DEBEZIUM-<NAME>} request headers. With this transformation in the chain, ingest-service
 * receives the very key bytes the Kafka sink would have written and puts them on the topic unchanged,
 * so the two paths produce identical records. A record without a key (a table without a primary key)
 * gets the header {@code null}, so that a missing header always means a misconfigured sink.
 *
 * <p>Configuration: {@code header} (default {@value #DEFAULT_HEADER}); every {@code converter.*}
 * property is handed to the JSON converter, {@code converter.schemas.enable} defaulting to
 * {@code false} like {@code debezium.format.key.schemas.enable}.
 */
public class KeyToHeader<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The header ingest-service reads the key from (it arrives as {@code X-DEBEZIUM-AUDIT.KEY}). */
    public static final String DEFAULT_HEADER = "audit.key";

    /** The header value of a record without a key: JSON {@code null}. */
    public static final String NULL_KEY = "null";

    private static final String HEADER = "header";
    private static final String CONVERTER_PREFIX = "converter.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(HEADER, ConfigDef.Type.STRING, DEFAULT_HEADER, ConfigDef.Importance.HIGH,
                    "Name of the header that receives the JSON-serialized key.");

    private final JsonConverter converter = new JsonConverter();
    private String header = DEFAULT_HEADER;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(HEADER);
        if (configured != null && !configured.toString().isBlank()) {
            header = configured.toString();
        }
        Map<String, Object> converterConfig = new HashMap<>();
        converterConfig.put(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        configs.forEach((name, value) -> {
            if (name.startsWith(CONVERTER_PREFIX)) {
                converterConfig.put(name.substring(CONVERTER_PREFIX.length()), value);
            }
        });
        converter.configure(converterConfig, true);
    }

    @Override
    public R apply(R record) {
        String json = record.key() == null
                ? NULL_KEY
                : new String(converter.fromConnectData(record.topic(), record.keySchema(), record.key()),
                        StandardCharsets.UTF_8);
        record.headers().addString(header, json);
        return record;
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
        converter.close();
    }
}
