package io.auditoverlay.auditctl.commands;

import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "ack", description = "Acknowledge an anomaly (someone is looking into it).")
public class AckCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @Parameters(paramLabel = "ID", description = "the anomaly id")
    String id;

    @Option(names = "--note", description = "what you are doing about it")
    String note;

    @Override
    public Integer call() {
        return StatusChange.apply(root, id, "ACKNOWLEDGED", note);
    }
}
