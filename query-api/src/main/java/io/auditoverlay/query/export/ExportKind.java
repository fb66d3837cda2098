package io.auditoverlay.query.export;

import io.auditoverlay.query.web.ApiException;

/** What an export contains. */
public enum ExportKind {
    BUSINESS_EVENTS("business-events"),
    CHANGES("changes");

    private final String wire;

    ExportKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ExportKind parse(String value) {
        if (value == null || value.isBlank()) {
            return BUSINESS_EVENTS;
        }
        for (ExportKind k : values()) {
            if (k.wire.equals(value.strip())) {
                return k;
            }
        }
        throw ApiException.badRequest("kind must be business-events or changes");
    }
}
