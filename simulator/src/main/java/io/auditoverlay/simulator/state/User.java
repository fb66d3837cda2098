package io.auditoverlay.simulator.state;

/** A POS user; {@code roleId} is the role at the start of the run. */
public record User(long id, Integer branchId, String username, int roleId) {
}
