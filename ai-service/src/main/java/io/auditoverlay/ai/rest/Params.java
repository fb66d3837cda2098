package io.auditoverlay.ai.rest;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters shared by the resources; a bad one is a 400 problem document. */
public final class Params {

    private Params() {
    }

    /** A required ISO-8601 instant. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("query parameter '" + name + "' is required (ISO-8601 instant)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("query parameter '" + name + "' is not an ISO-8601 instant: " + value);
        }
    }

    /** An optional ISO-8601 instant, or {@code fallback}. */
    public static Instant instant(String name, String value, Instant fallback) {
        return value == null || value.isBlank() ? fallback : instant(name, value);
    }
}
