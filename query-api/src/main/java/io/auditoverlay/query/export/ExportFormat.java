package io.auditoverlay.query.export;

import java.util.Locale;

import io.auditoverlay.query.web.ApiException;

/** The formats of an export. */
public enum ExportFormat {
    CSV("text/csv; charset=utf-8", "csv"),
    NDJSON("application/x-ndjson", "ndjson");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static ExportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return NDJSON;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format must be csv or ndjson");
        }
    }
}
