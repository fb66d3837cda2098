package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed on the same starting database gives the same rows, ids included, and the same labels. */
class DeterminismIT {

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("users", "id");
        TABLES.put("products", "id");
        TABLES.put("inventory", "branch_id, product_id");
        TABLES.put("inventory_adjustments", "id");
        TABLES.put("sales", "id");
        TABLES.put("sale_items", "id");
        TABLES.put("refunds", "id");
        TABLES.put("prescriptions", "id");
    }

    @TempDir
    Path dir;

    @Test
    void sameSeedSameRowsAndLabelsOtherSeedOtherActivity() throws Exception {
        Map<String, List<String>> first;
        Map<String, List<String>> second;
        Map<String, List<String>> other;
        try (ScratchDatabase a = new ScratchDatabase(); ScratchDatabase b = new ScratchDatabase();
             ScratchDatabase c = new ScratchDatabase()) {
            first = runAndDump(a, "7", dir.resolve("a.jsonl"));
            second = runAndDump(b, "7", dir.resolve("b.jsonl"));
            other = runAndDump(c, "8", dir.resolve("c.jsonl"));
        }
        assertTrue(first.get("sales").size() > 900);
        for (String table : TABLES.keySet()) {
            assertEquals(first.get(table), second.get(table), table);
        }
        assertEquals(Files.readString(dir.resolve("a.jsonl")), Files.readString(dir.resolve("b.jsonl")));
        assertNotEquals(first.get("sales"), other.get("sales"));
        assertNotEquals(Files.readString(dir.resolve("a.jsonl")), Files.readString(dir.resolve("c.jsonl")));
    }

    private static Map<String, List<String>> runAndDump(ScratchDatabase db, String seed, Path labels) throws Exception {
        assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "init", "--customers", "200")));
        assertEquals(0, SimulatorCommand.run(SchemaAndInitIT.concat(db.cliOptions(), "history", "--days", "2",
                "--sales-per-day", "500", "--seed", seed, "--until", "2026-11-25T00:00:00Z", "--labels",
                labels.toString(), "--no-progress", "--writers", "3")));
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            dump.put(t.getKey(), db.dump(t.getKey(), t.getValue()));
        }
        return dump;
    }
}
