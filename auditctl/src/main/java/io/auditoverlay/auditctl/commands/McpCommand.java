package io.auditoverlay.auditctl.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.client.McpBridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "mcp", mixinStandardHelpOptions = true, description = {
        "The audit trail's MCP tools on stdio, for an assistant that starts its tools as a process.",
        "A thin client of query-api's /mcp over HTTP: each JSON-RPC line from stdin goes to query-api with your token "
                + "(AUDIT_TOKEN or AUDIT_TOKEN_FILE); the answers come back on stdout, problems on stderr.",
        "It holds no database credentials: query-api checks the token and records every tool call.",
        "Assistant configuration: {\"command\": \"auditctl\", \"args\": [\"mcp\"], \"env\": {\"AUDIT_URL\": "
                + "\"http://127.0.0.1:8080\", \"AUDIT_TOKEN_FILE\": \"/path/to/ai-agent.token\"}}"})
public class McpCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String token = root.bearerToken();
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("auditctl mcp: set AUDIT_TOKEN (or AUDIT_TOKEN_FILE) to the token the assistant acts with");
            return ExitCodes.DENIED;
        }
        // stdout carries JSON-RPC only: written raw (JSON escapes every control character itself).
        new McpBridge(root.client().baseUrl(), token, root.json().copy().disable(SerializationFeature.INDENT_OUTPUT))
                .run(System.in, spec.commandLine().getOut(), err);
        return ExitCodes.OK;
    }
}
