package io.auditoverlay.auditctl.commands;

import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dismiss", description = {"Dismiss an anomaly as not a problem.", "The note saying why is required."})
public class DismissCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Parameters(paramLabel = "ID", description = "the anomaly id")
    String id;

    @Option(names = "--note", required = true, description = "why it is not a problem")
    String note;

    @Override
    public Integer call() {
        return StatusChange.apply(root, id, "DISMISSED", note);
    }
}
