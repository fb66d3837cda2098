package io.auditoverlay.inference.rules;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the one shape of timestamp the pipeline writes, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} in
 * UTC, with a {@code Z} (the instants of {@code audit.changes}) or without (DATETIME columns, also
 * with a space for the {@code T}), without {@code DateTimeFormatter}: its parse was the largest
 * single cost of the consumer thread during a catch-up. Any other text gives {@code null}, and the
 * callers then parse it the general way, so results and errors are those of {@code java.time}.
 */
public final class IsoInstants {

    private static final int[] SCALE = {1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoInstants() {
    }

    /**
     * @param zoned true: the text must end with {@code Z} and have a {@code T}; false: no zone,
     *        {@code T} or a space between date and time
     * @return the instant, or null when the text has another shape
     */
    public static Instant utc(String s, boolean zoned) {
        int n = s.length() - (zoned ? 1 : 0);
        if (n < 19 || n > 29 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (zoned ? s.charAt(n) != 'Z' || s.charAt(10) != 'T' : s.charAt(10) != 'T' && s.charAt(10) != ' ')) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 19) {
            int fraction = n - 20; // between the '.' and the end (or the 'Z')
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, n);
            if (nanos < 0) {
                return null;
            }
            nanos *= SCALE[fraction];
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in s[from, to), or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
