package io.auditoverlay.query.mcp;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The MCP server's own settings. */
@ConfigMapping(prefix = "audit.mcp")
public interface McpConfig {

    /** The token of the client on the stdio transport (set from the AUDIT_TOKEN environment variable). */
    Optional<String> stdioToken();
}
