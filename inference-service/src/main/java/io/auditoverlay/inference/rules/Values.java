package io.auditoverlay.inference.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between canonical column values and what business events carry. */
public final class Values {

    private Values() {
    }

    /** Text of an id-like value: {@code 7} and {@code 7L} and {@code "7"} all give {@code "7"}. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /**
     * A business time from a column value: zone-less DATETIME text (which holds UTC in the
     * reference schema), ISO instants or offsets, dates (midnight UTC) and epoch milliseconds.
     *
     * @return the instant, or {@code null} for {@code null} or text that is no time
     */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        String text = value.toString().trim();
        Instant fast = IsoInstants.utc(text, text.endsWith("Z"));
        if (fast != null) {
            return fast; // the usual shapes, as the general parse below reads them
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Truth of a column value: MariaDB BOOLEAN arrives as 0/1. */
    public static boolean truthy(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof String text) {
            return text.equalsIgnoreCase("true") || text.equals("1");
        }
        return value != null;
    }

    /** A key-order independent rendering of a (possibly composite) primary key. */
    public static String key(Map<String, Object> primaryKey) {
        if (primaryKey == null || primaryKey.isEmpty()) {
            return "";
        }
        if (primaryKey.size() == 1) {
            return text(primaryKey.values().iterator().next());
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(primaryKey).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=')
                .append(text(v)));
        return out.toString();
    }
}
