package io.auditoverlay.query.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of query parameters, with a 400 that names the parameter on bad input. */
public final class Params {

    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([smhdw])");

    private Params() {
    }

    /** An instant: ISO-8601 with zone ({@code 2026-11-25T10:00:00Z}), zone-less (UTC), or a date (its UTC midnight). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant or date (e.g. 2026-11-25T10:00:00Z), got '" + clip(v) + "'");
        }
    }

    /** A look-back such as {@code 7d}, {@code 24h}, {@code 30m}, or an instant; returns the instant it starts. */
    public static Instant since(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = AGO.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return instant(name, value);
        } catch (ApiException e) {
            throw ApiException.badRequest(name + " must be a look-back like 7d, 24h, 30m or an ISO-8601 instant, got '" + clip(value) + "'");
        }
    }

    /** A date: {@code YYYY-MM-DD}, {@code today} or {@code yesterday} (UTC). */
    public static LocalDate date(String name, String value, Instant now) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (v) {
            case "today" -> today;
            case "yesterday" -> today.minusDays(1);
            default -> {
                try {
                    yield LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    throw ApiException.badRequest(name + " must be YYYY-MM-DD, today or yesterday, got '" + clip(value) + "'");
                }
            }
        };
    }

    /** A value out of a fixed set (case-insensitive), returned upper-case. */
    public static String oneOf(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw ApiException.badRequest(name + " must be one of " + allowed.stream().sorted().toList() + ", got '" + clip(value) + "'");
        }
        return v;
    }

    /** A comma-separated list of values out of a fixed set. */
    public static List<String> listOf(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(s -> oneOf(name, s, allowed)).distinct().toList();
    }

    /** The page size: the default when absent, capped at the maximum, 400 when not a positive number. */
    public static int limit(String value, int defaultSize, int max) {
        if (value == null || value.isBlank()) {
            return Math.min(defaultSize, max);
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a positive integer, got '" + clip(value) + "'");
        }
    }

    /** Checks that a time range is not reversed. */
    public static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("from must be before to");
        }
    }

    /** A text parameter stripped, or null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A UUID parameter; 400 naming the parameter when it is not one. */
    public static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest(name + " must be a UUID, got '" + clip(String.valueOf(value)) + "'");
        }
    }

    /** Keeps echoed input short in error messages. */
    public static String clip(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
