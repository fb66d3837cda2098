package io.auditoverlay.query.mcp;

import io.auditoverlay.query.security.Caller;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who calls a tool: the bearer token of the request (the /mcp path refuses anonymous requests).
 * There is no stdio transport in this service: {@code auditctl mcp} relays stdio to /mcp.
 */
@ApplicationScoped
public class McpCallers {

    private final CurrentIdentityAssociation identities;

    public McpCallers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Caller resolve(McpConnection connection) {
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
