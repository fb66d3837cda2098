package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code --branch}: a branch's own database gets that branch's activity only (the chain's
 * catalogue stays), as `./overlay simulate --branch-source N` writes into branch source N.
 */
class OneBranchIT {

    @Test
    void historyOfOneBranchWritesOnlyThatBranchsRows() throws Exception {
        try (ScratchDatabase db = new ScratchDatabase()) {
            assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "init", "--customers", "100")));
            assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "history", "--branch", "3",
                    "--days", "2", "--sales-per-day", "200", "--until", "2026-11-25T00:00:00Z", "--no-progress")));
            long sales = db.count("SELECT COUNT(*) FROM sales");
            assertTrue(sales >= 150, "the one branch trades the whole volume: " + sales);
            for (String table : new String[] {"sales", "refunds", "inventory_adjustments", "prescriptions"}) {
                assertEquals(0, db.count("SELECT COUNT(*) FROM " + table + " WHERE branch_id <> 3"), table + " of another branch");
            }
            assertEquals(0, db.count("SELECT COUNT(*) FROM sale_items i JOIN sales s ON s.id = i.sale_id WHERE s.branch_id <> 3"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM inventory_adjustments WHERE note LIKE 'transfer%'"),
                    "no transfer: the branch is alone");
        }
    }

    @Test
    void anUnknownBranchIsRefused() throws Exception {
        try (ScratchDatabase db = new ScratchDatabase()) {
            assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "init", "--customers", "10")));
            assertNotEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "history", "--branch", "99",
                    "--days", "1", "--sales-per-day", "10", "--no-progress")));
        }
    }
}
