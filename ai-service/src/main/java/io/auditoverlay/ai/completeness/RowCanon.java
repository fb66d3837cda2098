package io.auditoverlay.ai.completeness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * One text per value, the same whether it was read from the source (JDBC) or from a trail
 * after-image (the canonical values of docs/architecture.md), so that a row of each side can be
 * compared: numbers by value, temporal values re-parsed, JSON structurally, binary as base64.
 * {@link #MASKED} marks a column the trail holds redacted: it is not compared.
 *
 * <p>A zero date ({@code 0000-00-00}, or a zero month or day, in a DATE, DATETIME or TIMESTAMP)
 * reads as its canonical value (docs/architecture.md, "Canonical values"): NULL in a nullable
 * column, the epoch in a NOT NULL one, which is what the binlog connector makes of it.
 */
final class RowCanon {

    static final String MASKED = "[REDACTED]";
    static final String NULL = "\u2400";
    private static final MathContext FLOAT = new MathContext(6);

    private final ObjectMapper mapper;

    RowCanon(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The value of column {@code i} (1-based) of the current source row. The session runs in UTC. */
    String source(ResultSet rs, int i, SourceTable.Column c) throws SQLException {
        String type = c.dataType();
        if (isBoolean(c)) {
            String v = rs.getString(i);
            return v == null ? NULL : Boolean.toString(!"0".equals(v) && !"false".equalsIgnoreCase(v));
        }
        return switch (type) {
            case "decimal", "tinyint", "smallint", "mediumint", "int", "bigint", "year", "bit" -> {
                String v = rs.getString(i);
                if (v == null) {
                    yield NULL;
                }
                yield "bit".equals(type) ? number(new BigDecimal(new BigInteger(1, rs.getBytes(i)))) : number(new BigDecimal(v));
            }
            case "float", "double" -> {
                String v = rs.getString(i);
                yield v == null ? NULL : approximate(Double.parseDouble(v));
            }
            case "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary" -> {
                byte[] v = rs.getBytes(i);
                yield v == null ? NULL : Base64.getEncoder().encodeToString(v);
            }
            case "datetime", "timestamp" -> {
                // Connector/J 3.5.3's getString drops a fraction's leading zeros (.036 → .36000): read the value.
                LocalDateTime v;
                try {
                    v = rs.getObject(i, LocalDateTime.class);
                } catch (SQLException zeroDate) {
                    String raw = rs.getString(i);
                    yield raw == null ? NULL : isZeroDate(raw) ? zeroDate(c) : raw;
                }
                if (v == null) {
                    String raw = rs.getString(i);
                    yield raw != null && isZeroDate(raw) ? zeroDate(c) : NULL;
                }
                yield "timestamp".equals(type) ? v.toInstant(ZoneOffset.UTC).toString() : v.toString();
            }
            default -> {
                String v = rs.getString(i);
                yield v == null ? NULL : "date".equals(type) && isZeroDate(v) ? zeroDate(c) : text(type, v);
            }
        };
    }

    /** The value of a column in a trail after-image. */
    String trail(JsonNode v, SourceTable.Column c) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NULL;
        }
        if (v.isTextual() && MASKED.equals(v.asText())) {
            return MASKED;
        }
        if (isBoolean(c)) {
            return Boolean.toString(v.isBoolean() ? v.asBoolean() : v.asDouble() != 0);
        }
        return switch (c.dataType()) {
            case "decimal", "tinyint", "smallint", "mediumint", "int", "bigint", "year", "bit" ->
                    number(v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText()));
            case "float", "double" -> approximate(v.asDouble());
            case "json" -> json(v.isTextual() ? v.asText() : v.toString());
            default -> text(c.dataType(), v.asText());
        };
    }

    /** {@code 0000-00-00}, {@code 2026-00-10}, {@code 2026-03-00 12:00:00}: a year, month or day of zero. */
    static boolean isZeroDate(String v) {
        return v.length() >= 10 && (v.startsWith("0000") || v.startsWith("00", 5) || v.startsWith("00", 8));
    }

    /**
     * What the trail holds for a zero date: Debezium's binlog reader turns it into null before any
     * converter sees it, and the null becomes the epoch in a NOT NULL column (TIMESTAMP stores the
     * epoch itself).
     */
    static String zeroDate(SourceTable.Column c) {
        if (c.nullable() && !"timestamp".equals(c.dataType())) {
            return NULL;
        }
        return switch (c.dataType()) {
            case "date" -> "1970-01-01";
            case "timestamp" -> Instant.EPOCH.toString();
            default -> LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).toString();
        };
    }

    private static boolean isBoolean(SourceTable.Column c) {
        return c.columnType().startsWith("tinyint(1)") || "boolean".equals(c.dataType()) || "bit(1)".equals(c.columnType());
    }

    private String text(String type, String v) {
        return switch (type) {
            case "datetime" -> LocalDateTime.parse(v.replace(' ', 'T')).toString();
            case "timestamp" -> v.endsWith("Z") ? Instant.parse(v).toString()
                    : LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toString();
            case "time" -> v.startsWith("P") || v.startsWith("-P") ? Duration.parse(v).toString() : time(v);
            case "json" -> json(v);
            default -> v;
        };
    }

    /** TIME within a day as a LocalTime, outside it (838:59:59, negative) as a duration, as the trail writes it. */
    private static String time(String v) {
        boolean negative = v.startsWith("-");
        String[] p = (negative ? v.substring(1) : v).split(":");
        int hours = Integer.parseInt(p[0]);
        if (!negative && hours < 24) {
            return LocalTime.parse(v.length() == 7 ? "0" + v : v).toString();
        }
        double seconds = p.length > 2 ? Double.parseDouble(p[2]) : 0;
        Duration d = Duration.ofHours(hours).plusMinutes(Integer.parseInt(p[1])).plusNanos(Math.round(seconds * 1e9));
        return (negative ? d.negated() : d).toString();
    }

    private String json(String v) {
        try {
            return mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(mapper.readValue(v, Object.class));
        } catch (IOException e) {
            return v;
        }
    }

    private static String number(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    private static String approximate(double v) {
        return Double.isFinite(v) ? number(new BigDecimal(v).round(FLOAT)) : Double.toString(v);
    }
}
