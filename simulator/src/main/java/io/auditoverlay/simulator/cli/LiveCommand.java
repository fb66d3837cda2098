package io.auditoverlay.simulator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code simulate live}: placeholder until the live runner lands. */
@Command(name = "live", mixinStandardHelpOptions = true, description = "Writes the chain's activity in real time.")
public final class LiveCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet");
    }
}
