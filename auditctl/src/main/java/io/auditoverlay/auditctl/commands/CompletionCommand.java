package io.auditoverlay.auditctl.commands;

import java.util.concurrent.Callable;

import io.auditoverlay.auditctl.AuditCtl;
import io.auditoverlay.auditctl.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "completion", description = {"Print a bash/zsh completion script.", "  source <(auditctl completion)"})
public class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    AuditCtl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        root.out().print(AutoComplete.bash("auditctl", spec.parent().commandLine()));
        root.out().flush();
        return ExitCodes.OK;
    }
}
