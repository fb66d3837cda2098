package io.auditoverlay.auditctl.commands;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers to print JSON fields in tables. */
final class Texts {

    private Texts() {
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    /** An instant without its fractional seconds, for reading. */
    static String time(JsonNode node, String field) {
        String t = text(node, field);
        int dot = t.indexOf('.');
        return dot > 0 && t.endsWith("Z") ? t.substring(0, dot) + "Z" : t;
    }
}
