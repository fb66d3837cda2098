package io.auditoverlay.auditctl.commands;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.client.ApiClient;
import io.auditoverlay.auditctl.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "summary", description = "The daily summary of the chain or of one branch.")
public class SummaryCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--date", defaultValue = "today", description = "today, yesterday or YYYY-MM-DD (UTC; default ${DEFAULT-VALUE})")
    String date;

    @Option(names = "--branch", description = "a branch id (default: the whole chain)")
    String branch;

    @Override
    public Integer call() {
        JsonNode s = root.client().get("/api/v1/summaries/" + ApiClient.segment(date), Map.of("branch", branch == null ? "" : branch));
        if (root.output() == OutputFormat.json) {
            root.printJson(s);
            return ExitCodes.OK;
        }
        var out = root.out();
        String where = "*".equals(Texts.text(s, "branchId")) ? "whole chain" : "branch " + Texts.text(s, "branchId");
        out.println("Summary for " + Texts.text(s, "date") + ", " + where + " (written by " + Texts.text(s, "writtenBy") + ")");
        out.println();
        out.println(Texts.text(s, "text"));
        JsonNode facts = s.path("facts");
        if (facts.isObject() && facts.size() > 0) {
            out.println();
            facts.fields().forEachRemaining(f -> out.printf("  %-24s %s%n", f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
