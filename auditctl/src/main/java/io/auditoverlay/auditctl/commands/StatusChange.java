package io.auditoverlay.auditctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.client.ApiClient;
import io.auditoverlay.auditctl.output.OutputFormat;

/** PATCHes an anomaly's status and prints the result. */
final class StatusChange {

    private StatusChange() {
    }

    static int apply(AuditCtl root, String id, String status, String note) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", status);
        if (note != null) {
            body.put("note", note);
        }
        JsonNode detail = root.client().patch("/api/v1/anomalies/" + ApiClient.segment(id), body);
        if (root.output() == OutputFormat.json) {
            root.printJson(detail);
        } else {
            JsonNode a = detail.path("anomaly");
            root.out().printf("Anomaly %s is now %s (by %s at %s).%n", Texts.text(a, "id"), Texts.text(a, "status"),
                    Texts.text(a, "statusChangedBy"), Texts.time(a, "statusChangedAt"));
            root.out().flush();
        }
        return ExitCodes.OK;
    }
}
