package io.auditoverlay.auditctl.commands;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "trace", description = {"The history of a transaction, event or subject, down to the binlog.",
        "Business events with the row changes (and binlog positions) they were inferred from."})
public class TraceCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Parameters(paramLabel = "REF", description = "a transaction id (pos:0-1-9), an event id (UUID), or a subject type:id[@branch] "
            + "such as sale:42, product:5@7, user:12")
    String ref;

    @Override
    public Integer call() {
        JsonNode trace = root.client().get("/api/v1/trace", Map.of("ref", ref));
        if (root.output() == OutputFormat.json) {
            root.printJson(trace);
            return ExitCodes.OK;
        }
        PrintWriter out = root.out();
        JsonNode tx = trace.path("transaction");
        if (!tx.isMissingNode()) {
            out.printf("Transaction %s: %s row events announced, %s stored%s%n", Texts.text(tx, "transactionId"),
                    Texts.text(tx, "eventCount"), Texts.text(tx, "storedChanges"), tx.path("complete").asBoolean() ? "" : "  INCOMPLETE");
        }
        for (JsonNode traced : trace.path("businessEvents")) {
            JsonNode e = traced.path("event");
            out.printf("%s  %-22s branch %-6s actor %-8s %s:%s  tx %s%n", Texts.time(e, "occurredAt"), Texts.text(e, "type"),
                    Texts.text(e, "branchId"), Texts.text(e, "actorUserId"), Texts.text(e, "subjectType"), Texts.text(e, "subjectId"),
                    Texts.text(e, "transactionId"));
            out.printf("    %s%n", Texts.text(e, "attributes"));
            for (JsonNode c : traced.path("changes")) {
                change(out, c, "      ");
            }
        }
        if (trace.path("otherChanges").size() > 0) {
            out.println("Row changes without a business event:");
            for (JsonNode c : trace.path("otherChanges")) {
                change(out, c, "  ");
            }
        }
        if (trace.path("truncated").asBoolean()) {
            out.println("(truncated: the newest part of a longer history is shown)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void change(PrintWriter out, JsonNode c, String indent) {
        JsonNode p = c.path("position");
        out.printf("%s%-6s %s.%s %s  @ %s:%s row %s%s%n", indent, Texts.text(c, "op"), Texts.text(c, "database"),
                Texts.text(c, "table"), Texts.text(c, "primaryKey"), Texts.text(p, "file"), Texts.text(p, "pos"), Texts.text(p, "row"),
                p.hasNonNull("gtid") ? " gtid " + Texts.text(p, "gtid") : "");
    }
}
