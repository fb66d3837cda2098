package io.auditoverlay.simulator.cli;

import io.auditoverlay.simulator.state.ChainState;
import picocli.CommandLine.Option;

/** {@code --branch ID}: only one branch trades, as in a branch's own database (one source per branch). */
public final class BranchOption {

    @Option(names = "--branch", paramLabel = "ID", defaultValue = "${env:SIMULATOR_BRANCH}",
            description = {"Write only this branch's activity, as a branch's own database holds it",
                "(env SIMULATOR_BRANCH; `./overlay simulate --branch-source N` sets it; default: every branch)."})
    Integer branch;

    ChainState apply(ChainState state) {
        return branch == null ? state : state.onlyBranch(branch);
    }
}
