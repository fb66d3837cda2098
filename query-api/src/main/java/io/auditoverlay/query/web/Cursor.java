package io.auditoverlay.query.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * An opaque page cursor: the (time, id) of the last item of a page. Pages are ordered newest
 * first, so the next page holds what sorts strictly after it: {@code (time, id) < (cursor)}.
 */
public record Cursor(Instant time, String id) {

    public String encode() {
        String raw = time + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor parameter of a request: null when absent or blank, else {@link #decode}d. */
    public static Cursor parse(String text) {
        return text == null || text.isBlank() ? null : decode(text);
    }

    /** Decodes a cursor a page gave out; anything else is a 400. */
    public static Cursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar <= 0 || bar == raw.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ApiException.badRequest("cursor is malformed: pass the nextCursor of a previous page unchanged");
        }
    }
}
