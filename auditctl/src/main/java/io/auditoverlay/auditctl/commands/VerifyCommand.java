package io.auditoverlay.auditctl.commands;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.client.ApiError;
import io.auditoverlay.auditctl.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", description = {"Check the API, the token and the completeness of the trail.",
        "Completeness: every source transaction's END marker announced as many row events as were stored (auditor tokens)."})
public class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--from", description = "start of the range (default: 24 h before --to)")
    String from;

    @Option(names = "--to", description = "end of the range (default: a minute ago)")
    String to;

    @Override
    public Integer call() {
        PrintWriter out = root.out();
        ObjectNode result = root.json().createObjectNode();
        result.put("url", root.client().baseUrl());
        JsonNode branches = root.client().get("/api/v1/branches", Map.of());
        result.put("reachable", true).put("tokenValid", true).put("visibleBranches", branches.size());
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("from", from);
        q.put("to", to);
        JsonNode report;
        try {
            report = root.client().get("/api/v1/integrity", q);
        } catch (ApiError e) {
            if (e.status() != 403) {
                throw e;
            }
            report = null;
        }
        if (report != null) {
            result.set("integrity", report);
        }
        boolean ok = report == null || report.path("ok").asBoolean();
        if (root.output() == OutputFormat.json) {
            root.printJson(result);
        } else {
            out.println("query-api     " + root.client().baseUrl() + " answers");
            out.println("token         valid, " + branches.size() + " branches visible");
            if (report == null) {
                out.println("integrity     not checked: it needs an auditor token");
            } else {
                out.printf("integrity     %s → %s: %s transactions checked, %s incomplete, %s without END marker%n",
                        Texts.time(report, "from"), Texts.time(report, "to"), Texts.text(report, "transactionsChecked"),
                        Texts.text(report, "incompleteCount"), Texts.text(report, "transactionsWithoutEnd"));
                for (JsonNode m : report.path("incomplete")) {
                    out.printf("  %s: END says %s row events, %s stored%n", Texts.text(m, "transactionId"),
                            Texts.text(m, "eventCount"), Texts.text(m, "storedChanges"));
                }
                out.println(ok ? "OK" : "INCOMPLETE");
            }
            out.flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
}
