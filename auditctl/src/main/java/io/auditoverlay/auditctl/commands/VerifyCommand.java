package io.auditoverlay.auditctl.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

@Command(name = "verify", description = {"Check the API, the token, the completeness and the hash chains of the trail.",
        "Completeness: every source transaction's END marker announced as many row events as were stored (auditor tokens).",
        "Chains: every stored change, business event and anomaly status change is recomputed against its chain",
        "(docs/integrity.md); the first broken link is named (table, event id, binlog position).",
        "--seal: a file from 'auditctl seal export' is checked (signature, then against the stored chain of its day)."})
public class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Option(names = "--from", description = "start of the range (default: 24 h before --to)")
    String from;

    @Option(names = "--to", description = "end of the range (default: a minute ago)")
    String to;

    @Option(names = "--seal", description = "a seal file from 'auditctl seal export' to check (default range: its day)")
    Path seal;

    @Option(names = "--public-key", description = "the seal key's public half (<key>.pub): the seal must be signed with it")
    Path publicKey;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = root.out();
        ObjectNode result = root.json().createObjectNode();
        result.put("url", root.client().baseUrl());
        JsonNode branches = root.client().get("/api/v1/branches", Map.of());
        result.put("reachable", true).put("tokenValid", true).put("visibleBranches", branches.size());
        ChainVerify.SealFile sealFile = seal == null ? null : ChainVerify.readSeal(root.json(), seal, publicKey);
        if (sealFile != null && from == null && to == null) {
            from = sealFile.day().toString() + "T00:00:00Z";
            to = sealFile.day().plusDays(1).toString() + "T00:00:00Z";
        }
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
        JsonNode chain = report == null ? null : root.client().get("/api/v1/integrity/chain", q);
        List<String> sealProblems = sealFile == null || chain == null ? List.of() : ChainVerify.compare(sealFile, chain);
        if (chain != null) {
            result.set("chain", chain);
        }
        if (sealFile != null) {
            result.put("sealKey", sealFile.fingerprint());
            result.set("sealProblems", root.json().valueToTree(sealProblems));
        }
        boolean ok = (report == null || report.path("ok").asBoolean()) && (chain == null || chain.path("ok").asBoolean())
                && sealProblems.isEmpty();
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
                ChainVerify.print(out, chain);
                if (sealFile != null) {
                    out.printf("seal          %s, key %s: %s%n", seal, sealFile.fingerprint(),
                            sealProblems.isEmpty() ? sealFile.seals().size() + " seals match" : "DOES NOT MATCH");
                    sealProblems.forEach(p -> out.println("SEAL  " + p));
                }
                out.println(ok ? "OK" : report.path("ok").asBoolean() ? "TAMPERED" : "INCOMPLETE");
            }
            out.flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
}
