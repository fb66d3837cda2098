package io.auditoverlay.query.mcp;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.security.TokenRegistry;
import io.quarkiverse.mcp.server.InitialRequest;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who calls a tool. Over HTTP it is the bearer token of the request (the /mcp path refuses
 * anonymous requests); over stdio, where there are no headers, it is the token in AUDIT_TOKEN.
 * The environment token is never used for HTTP connections.
 */
@ApplicationScoped
public class McpCallers {

    private final CurrentIdentityAssociation identities;
    private final TokenRegistry registry;
    private final McpConfig config;

    public McpCallers(CurrentIdentityAssociation identities, TokenRegistry registry, McpConfig config) {
        this.identities = identities;
        this.registry = registry;
        this.config = config;
    }

    public Caller resolve(McpConnection connection) {
        InitialRequest.Transport transport = connection.initialRequest() == null ? null : connection.initialRequest().transport();
        if (transport == InitialRequest.Transport.STDIO) {
            return config.stdioToken().flatMap(registry::lookup).orElseThrow(
                    () -> new ToolCallException("set AUDIT_TOKEN to a valid token for the stdio MCP server"));
        }
        SecurityIdentity identity = identities.getIdentity();
        Caller caller = identity == null || identity.isAnonymous() ? null : identity.getAttribute(Caller.BRANCHES_ATTRIBUTE);
        if (caller == null) {
            throw new ToolCallException("a bearer token is required");
        }
        return caller;
    }

    public static String transport(McpConnection connection) {
        return connection.initialRequest() == null || connection.initialRequest().transport() == null ? "UNKNOWN"
                : connection.initialRequest().transport().name();
    }
}
