package io.auditoverlay.simulator.db;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * SQL literals for the statements the simulator pipelines to the server. Every value comes from
 * the simulator's own generator (numbers, timestamps, fixed vocabularies, generated names), never
 * from a user, and strings are still quoted the standard way.
 */
public final class Sql {

    private static final DateTimeFormatter DATETIME3 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Sql() {
    }

    /** A quoted string, or NULL. Backslashes are refused so the text means the same under any sql_mode. */
    public static String str(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("backslash in generated text: " + value);
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** A DATETIME(3) literal holding the instant in UTC, as the reference schema stores it. */
    public static String ts(Instant instant) {
        return instant == null ? "NULL" : "'" + DATETIME3.format(instant) + "'";
    }

    public static String num(BigDecimal value) {
        return value == null ? "NULL" : value.toPlainString();
    }

    public static String id(Long value) {
        return value == null ? "NULL" : value.toString();
    }
}
