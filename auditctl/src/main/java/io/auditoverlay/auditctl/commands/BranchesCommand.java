package io.auditoverlay.auditctl.commands;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import io.auditoverlay.auditctl.output.OutputFormat;
import io.auditoverlay.auditctl.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "branches", description = "The branches in the trail that your token may see.")
public class BranchesCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Override
    public Integer call() {
        JsonNode list = root.client().get("/api/v1/branches", Map.of());
        if (root.output() == OutputFormat.json) {
            root.printJson(list);
            return ExitCodes.OK;
        }
        Table t = new Table("ID", "CODE", "NAME", "TIMEZONE");
        list.forEach(b -> t.row(Texts.text(b, "id"), Texts.text(b, "code"), Texts.text(b, "name"), Texts.text(b, "timezone")));
        t.print(root.out());
        return ExitCodes.OK;
    }
}
