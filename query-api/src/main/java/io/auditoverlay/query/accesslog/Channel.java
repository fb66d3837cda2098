package io.auditoverlay.query.accesslog;

import java.util.Set;

/** How the trail was reached. */
public final class Channel {

    public static final String REST = "REST";
    public static final String EXPORT = "EXPORT";
    public static final String MCP = "MCP";
    public static final String UI = "UI";

    public static final Set<String> ALL = Set.of(REST, EXPORT, MCP, UI);

    private Channel() {
    }

    /** The channel of an HTTP path, or null for paths that are not recorded (health, metrics, static files). */
    public static String of(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/api/")) {
            return path.startsWith("/api/v1/export") ? EXPORT : REST;
        }
        if (path.equals("/") || path.equals("/ui") || path.startsWith("/ui/")) {
            return path.startsWith("/ui/export/download") ? EXPORT : UI;
        }
        return null;
    }
}
