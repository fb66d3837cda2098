package io.auditoverlay.simulator.catalog;

import java.time.Instant;

/** A POS user; {@code branchId} is null for chain-level staff. */
public record UserSpec(long id, Integer branchId, String username, String fullName, String email, int roleId,
                       Instant createdAt) {
}
