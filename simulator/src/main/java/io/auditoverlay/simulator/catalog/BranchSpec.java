package io.auditoverlay.simulator.catalog;

import java.time.LocalTime;

/**
 * A branch of the simulated chain.
 *
 * @param size relative trading volume (1.0 is an average branch); not stored in the source
 *             schema, so the simulator keeps it here, keyed by branch id
 */
public record BranchSpec(int id, String code, String name, String timezone, LocalTime opensAt, LocalTime closesAt,
                         double size) {
}
