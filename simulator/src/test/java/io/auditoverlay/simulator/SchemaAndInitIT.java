package io.auditoverlay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.simulator.db.SchemaInstaller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaAndInitIT {

    /** The columns docs/architecture.md ("Reference source schema") names: the contract the rules and tests rely on. */
    private static final Map<String, Set<String>> REFERENCE_COLUMNS = Map.ofEntries(
            Map.entry("roles", Set.of("id", "name")),
            Map.entry("branches", Set.of("id", "code", "name", "timezone", "opens_at", "closes_at")),
            Map.entry("users", Set.of("id", "branch_id", "username", "full_name", "email", "role_id", "active",
                    "created_at", "updated_at")),
            Map.entry("customers", Set.of("id", "full_name", "phone", "national_id", "birth_date", "created_at")),
            Map.entry("products", Set.of("id", "sku", "name", "category", "schedule", "unit_price", "cost", "active",
                    "updated_at")),
            Map.entry("inventory", Set.of("branch_id", "product_id", "quantity", "last_reason", "last_user_id",
                    "updated_at")),
            Map.entry("inventory_adjustments", Set.of("id", "branch_id", "product_id", "user_id", "delta", "reason",
                    "note", "created_at")),
            Map.entry("sales", Set.of("id", "branch_id", "user_id", "customer_id", "status", "subtotal", "discount",
                    "total", "payment_method", "created_at", "completed_at", "voided_by", "void_reason")),
            Map.entry("sale_items", Set.of("id", "sale_id", "product_id", "quantity", "unit_price", "discount",
                    "line_total")),
            Map.entry("refunds", Set.of("id", "sale_id", "branch_id", "user_id", "amount", "reason", "created_at")),
            Map.entry("prescriptions", Set.of("id", "branch_id", "customer_id", "product_id", "quantity", "prescriber",
                    "pharmacist_id", "status", "dispensed_at")));

    @Test
    void theJarCarriesExactlyTheDeployedSchemaFile() throws Exception {
        String deployed = Files.readString(Path.of("..", "deploy", "source", "schema.sql"));
        try (var in = SchemaInstaller.class.getResourceAsStream("/io/auditoverlay/simulator/schema/schema.sql")) {
            assertEquals(deployed, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void referenceColumnsAreTheDesignContract() {
        Map<String, Map<String, String>> reference = new SchemaInstaller().referenceColumns();
        assertEquals(REFERENCE_COLUMNS.keySet(), reference.keySet());
        REFERENCE_COLUMNS.forEach((table, columns) -> assertEquals(columns, reference.get(table).keySet(), table));
        assertTrue(new SchemaInstaller().statements().stream()
                .noneMatch(s -> s.startsWith("CREATE DATABASE") || s.startsWith("USE ")));
    }

    @Test
    void initCreatesTheSchemaAddsMissingColumnsAndSeedsTheChainOnce() throws Exception {
        try (ScratchDatabase db = new ScratchDatabase()) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                // An older POS schema without the void columns: init must add them, not fail or drop.
                st.execute("CREATE TABLE sales (id BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT, branch_id INT NOT NULL,"
                        + " user_id BIGINT NOT NULL, customer_id BIGINT NULL,"
                        + " status ENUM('OPEN','COMPLETED','VOIDED','REFUNDED') NOT NULL, subtotal DECIMAL(12,2) NOT NULL,"
                        + " discount DECIMAL(12,2) NOT NULL DEFAULT 0, total DECIMAL(12,2) NOT NULL,"
                        + " payment_method VARCHAR(16) NULL, created_at DATETIME(3) NOT NULL, completed_at DATETIME(3) NULL)");
            }
            assertEquals(0, SimulatorCommand.run(concat(db.cliOptions(), "init", "--customers", "300")));
            try (Connection c = db.connect()) {
                assertEquals(List.of(), new SchemaInstaller().missing(c));
            }
            assertEquals(20, db.count("SELECT COUNT(*) FROM branches"));
            assertTrue(db.count("SELECT COUNT(DISTINCT timezone) FROM branches") >= 6, "branches across time zones");
            assertTrue(db.count("SELECT COUNT(DISTINCT opens_at, closes_at) FROM branches") >= 5, "varied opening hours");
            assertEquals(500, db.count("SELECT COUNT(*) FROM products"));
            assertEquals(40, db.count("SELECT COUNT(*) FROM products WHERE schedule IS NOT NULL"));
            assertEquals(4, db.count("SELECT COUNT(DISTINCT schedule) FROM products"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM products WHERE cost >= unit_price OR unit_price <= 0"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM (SELECT branch_id FROM users WHERE branch_id IS NOT NULL"
                    + " GROUP BY branch_id HAVING COUNT(*) < 14 OR COUNT(*) > 19 OR COUNT(DISTINCT role_id) < 4) t"));
            assertEquals(300, db.count("SELECT COUNT(*) FROM customers"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM customers WHERE full_name = '' OR phone IS NULL"
                    + " OR national_id IS NULL OR birth_date IS NULL"));
            assertEquals(10_000, db.count("SELECT COUNT(*) FROM inventory"));

            List<String> before = db.dump("users", "id");
            assertEquals(0, SimulatorCommand.run(concat(db.cliOptions(), "init", "--customers", "300")));
            assertEquals(before, db.dump("users", "id"), "a second init changes nothing");
            assertEquals(500, db.count("SELECT COUNT(*) FROM products"));
        }
    }

    @Test
    void initAgreesWithTheSmokeTestSeedFile() throws Exception {
        try (ScratchDatabase db = new ScratchDatabase()) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String sql : new SchemaInstaller().statements()) {
                    st.execute(sql);
                }
                String seed = Files.readString(Path.of("..", "deploy", "source", "seed.sql"));
                for (String sql : seed.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
                    if (!sql.isBlank() && !sql.strip().startsWith("USE ")) {
                        st.execute(sql);
                    }
                }
            }
            assertEquals(0, SimulatorCommand.run(concat(db.cliOptions(), "init", "--customers", "50")));
            assertEquals(500, db.count("SELECT COUNT(*) FROM products"));
            assertEquals("Oxycodone 5mg x30", db.dump("products", "id").get(2).split("name=")[1].split(" category=")[0]);
            assertEquals(1, db.count("SELECT COUNT(*) FROM users WHERE username = 'alice' AND id = 1"));
        }
    }

    @Test
    void badUsageAndMissingSetupGiveClearNonZeroExits() throws Exception {
        assertEquals(2, SimulatorCommand.run("history", "--days"));
        assertEquals(2, SimulatorCommand.run("history", "--no-such-option"));
        try (ScratchDatabase db = new ScratchDatabase()) {
            assertEquals(1, SimulatorCommand.run(concat(db.cliOptions(), "history", "--days", "0", "--no-progress")));
            // No schema and no catalogue yet: history must refuse, not invent a chain.
            assertEquals(1, SimulatorCommand.run(concat(db.cliOptions(), "history", "--days", "1", "--no-progress")));
        }
        assertEquals(1, SimulatorCommand.run("init", "--url", "jdbc:mariadb://127.0.0.1:1/none", "--user", "x",
                "--password=y"));
    }

    static String[] concat(String[] options, String... args) {
        String[] all = new String[args.length + options.length];
        System.arraycopy(args, 0, all, 0, args.length);
        int sub = args.length > 0 ? 1 : 0;
        // subcommand first, then its options: "init --url ... --customers 300"
        all[0] = args[0];
        System.arraycopy(options, 0, all, sub, options.length);
        System.arraycopy(args, sub, all, sub + options.length, args.length - sub);
        return all;
    }
}
