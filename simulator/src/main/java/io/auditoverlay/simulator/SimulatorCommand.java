package io.auditoverlay.simulator;

import io.auditoverlay.simulator.cli.HistoryCommand;
import io.auditoverlay.simulator.cli.InitCommand;
import io.auditoverlay.simulator.cli.LiveCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code simulate}: a pharmacy chain's activity, with labelled anomalies, written into the source database. */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = "simulate 0.1.0",
        description = "Writes a pharmacy chain's point-of-sale activity, with labelled anomalies, into the source database.",
        subcommands = {InitCommand.class, HistoryCommand.class, LiveCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorCommand {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        return new CommandLine(new SimulatorCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("simulate " + cmd.getCommandName() + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage())));
                    return 1;
                })
                .execute(args);
    }
}
