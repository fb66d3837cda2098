package io.auditoverlay.auditctl.output;

/** How results are printed: tables for people, JSON for scripts. */
public enum OutputFormat {
    table, json
}
