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

@Command(name = "anomalies", description = "Anomalies, newest first.")
public class AnomaliesCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--since", defaultValue = "7d", description = "look-back such as 24h, 7d, or an instant (default ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--severity", description = "LOW, MEDIUM, HIGH, CRITICAL (comma-separated)")
    String severity;

    @Option(names = "--branch", description = "a branch id")
    String branch;

    @Option(names = "--status", description = "OPEN, ACKNOWLEDGED, DISMISSED (comma-separated)")
    String status;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE}; the API caps it)")
    int limit;

    @Override
    public Integer call() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("since", since);
        q.put("severity", severity);
        q.put("branch", branch);
        q.put("status", status);
        q.put("limit", limit);
        JsonNode page = root.client().get("/api/v1/anomalies", q);
        if (root.output() == OutputFormat.json) {
            root.printJson(page);
            return ExitCodes.OK;
        }
        Table t = new Table("ID", "DETECTED", "SEVERITY", "STATUS", "BRANCH", "DETECTOR", "SUBJECT", "EXPLANATION");
        for (JsonNode a : page.path("items")) {
            t.row(Texts.text(a, "id"), Texts.time(a, "detectedAt"), Texts.text(a, "severity"), Texts.text(a, "status"),
                    Texts.text(a, "branchId"), Texts.text(a, "detector"),
                    Texts.text(a, "subjectType") + ":" + Texts.text(a, "subjectId"), Texts.text(a, "explanation"));
        }
        if (t.size() == 0) {
            root.out().println("No anomalies since " + since + ".");
        } else {
            t.print(root.out());
            if (!page.path("nextCursor").isMissingNode()) {
                root.out().println("(more: raise --limit or narrow the filters)");
            }
        }
        root.out().flush();
        return ExitCodes.OK;
    }
}
