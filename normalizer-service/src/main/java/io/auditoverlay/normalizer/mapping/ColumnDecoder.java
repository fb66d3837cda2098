package io.auditoverlay.normalizer.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one column value of a Debezium JSON event into a canonical Java value, guided by the
 * field's Connect schema when the event carries one (DECIMAL scale, temporal logical types,
 * JSON, BIT). See {@code CanonicalChangeEvent} for the value conventions.
 */
public final class ColumnDecoder {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final ObjectMapper json;

    public ColumnDecoder(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param field the field's schema ({@code type}, {@code name}, {@code parameters}); may be null
     * @param value the value node; JSON null gives {@code null}
     */
    public Object decode(JsonNode field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String logical = field == null ? null : text(field, "name");
        if (logical != null) {
            return decodeLogical(logical, field, value);
        }
        String type = field == null ? null : text(field, "type");
        if ("bytes".equals(type)) {
            return value.asText(); // binary columns stay base64, as Debezium sent them
        }
        return plain(value);
    }

    private Object decodeLogical(String logical, JsonNode field, JsonNode value) {
        switch (logical) {
            case "org.apache.kafka.connect.data.Decimal": {
                if (value.isTextual()) {
                    int scale = Integer.parseInt(field.path("parameters").path("scale").asText("0"));
                    return new BigDecimal(new BigInteger(decodeBase64(value.asText())), scale);
                }
                return value.decimalValue();
            }
            case "io.debezium.data.VariableScaleDecimal":
                return new BigDecimal(new BigInteger(decodeBase64(value.path("value").asText())), value.path("scale").asInt());
            case "io.debezium.time.Timestamp":
                return LocalDateTime.ofInstant(Instant.ofEpochMilli(value.asLong()), ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case "io.debezium.time.MicroTimestamp":
                return LocalDateTime.ofEpochSecond(Math.floorDiv(value.asLong(), 1_000_000L),
                        (int) Math.floorMod(value.asLong(), 1_000_000L) * 1000, ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case "io.debezium.time.NanoTimestamp":
                return LocalDateTime.ofEpochSecond(Math.floorDiv(value.asLong(), 1_000_000_000L),
                        (int) Math.floorMod(value.asLong(), 1_000_000_000L), ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            case "io.debezium.time.Date":
                return LocalDate.ofEpochDay(value.asLong()).toString();
            case "io.debezium.time.Time":
                return timeOfDay(value.asLong() * 1000);
            case "io.debezium.time.MicroTime":
                return timeOfDay(value.asLong());
            case "io.debezium.time.NanoTime":
                return timeOfDay(value.asLong() / 1000);
            case "io.debezium.data.Json":
                return parseJson(value.asText());
            case "io.debezium.data.Bits":
                return bits(value.asText());
            case "io.debezium.data.Uuid",
                 "io.debezium.time.ZonedTimestamp",
                 "io.debezium.time.ZonedTime",
                 "io.debezium.data.Enum",
                 "io.debezium.data.EnumSet":
                return value.asText();
            default:
                return plain(value);
        }
    }

    /** TIME columns may lie outside a day (MySQL TIME spans ±838 hours): those become ISO durations. */
    private static String timeOfDay(long micros) {
        if (micros >= 0 && micros < MICROS_PER_DAY) {
            return LocalTime.ofNanoOfDay(micros * 1000).format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        return Duration.ofNanos(micros * 1000).toString();
    }

    /** BIT(n): Debezium sends the bytes little-endian; the canonical value is the number. */
    private static Object bits(String base64) {
        byte[] little = decodeBase64(base64);
        byte[] big = new byte[little.length + 1];
        for (int i = 0; i < little.length; i++) {
            big[big.length - 1 - i] = little[i];
        }
        BigInteger number = new BigInteger(big);
        return number.bitLength() < 63 ? (Object) number.longValue() : number;
    }

    private Object parseJson(String text) {
        try {
            return plain(json.readTree(text));
        } catch (IOException e) {
            return text; // MySQL validates JSON columns, so this is a connector quirk: keep the text
        }
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The value itself stays out of the message: it may be a masked column.
            throw new RejectedMessageException("value is not base64 although its schema says bytes", e);
        }
    }

    /** A schema-less JSON value as plain Java: maps, lists, strings, numbers, booleans. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        return node.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
