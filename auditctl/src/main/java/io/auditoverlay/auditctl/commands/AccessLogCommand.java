package io.auditoverlay.auditctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.output.OutputFormat;
import io.auditoverlay.auditctl.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "access-log", description = "Who accessed the trail, newest first (auditor tokens only): REST calls, "
        + "exports, MCP tool calls and dashboard actions.")
public class AccessLogCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--actor", description = "a token name")
    String actor;

    @Option(names = "--channel", description = "REST, EXPORT, MCP or UI")
    String channel;

    @Option(names = "--status", description = "an HTTP status such as 403")
    String status;

    @Option(names = "--from", description = "an instant or date (inclusive)")
    String from;

    @Option(names = "--to", description = "an instant or date (exclusive)")
    String to;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE}; the API caps it)")
    int limit;

    @Override
    public Integer call() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("actor", actor);
        q.put("channel", channel);
        q.put("status", status);
        q.put("from", from);
        q.put("to", to);
        q.put("limit", limit);
        JsonNode page = root.client().get("/api/v1/access-log", q);
        if (root.output() == OutputFormat.json) {
            root.printJson(page);
            return ExitCodes.OK;
        }
        Table t = new Table("AT", "ACTOR", "ROLE", "CHANNEL", "STATUS", "ROWS", "BYTES", "MS", "CLIENT", "WHAT");
        for (JsonNode a : page.path("items")) {
            t.row(Texts.time(a, "at"), Texts.text(a, "actor"), Texts.text(a, "role"), Texts.text(a, "channel"),
                    Texts.text(a, "status"), Texts.text(a, "rows"), Texts.text(a, "bytes"), Texts.text(a, "durationMs"),
                    Texts.text(a, "client"), what(a));
        }
        if (t.size() == 0) {
            root.out().println("No recorded access matches.");
        } else {
            t.print(root.out());
            if (!page.path("nextCursor").isMissingNode() && !page.path("nextCursor").isNull()) {
                root.out().println("(more: raise --limit or narrow the filters)");
            }
        }
        root.out().flush();
        return ExitCodes.OK;
    }

    private static String what(JsonNode a) {
        if (!Texts.text(a, "tool").isEmpty()) {
            return "tool " + Texts.text(a, "tool") + " " + Texts.text(a, "arguments");
        }
        String query = Texts.text(a, "query");
        return Texts.text(a, "method") + " " + Texts.text(a, "path") + (query.isEmpty() ? "" : "?" + query);
    }
}
