package io.auditoverlay.simulator.cli;

import io.auditoverlay.simulator.catalog.ChainSeeder;
import io.auditoverlay.simulator.db.SchemaInstaller;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code simulate init}: the reference schema and the chain's master data. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates or updates the reference schema and seeds the chain (20 branches, 500 products, users, customers).",
            "Safe to run again: only what is missing is added."})
public final class InitCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated catalogue (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--customers", defaultValue = "5000", description = "Customers to create (default ${DEFAULT-VALUE}).")
    int customers;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new IllegalArgumentException("--customers must be at least 1");
        }
        try (Connection c = connection.database().connect()) {
            SchemaInstaller schema = new SchemaInstaller();
            List<String> changes = schema.install(c);
            List<String> missing = schema.missing(c);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the schema still lacks " + missing);
            }
            Map<String, Integer> inserted = new ChainSeeder(seed, customers).seed(c);
            System.out.println("schema: " + (changes.isEmpty() ? "up to date" : String.join(", ", changes)));
            System.out.println("seeded (rows inserted): " + inserted);
        }
        return 0;
    }
}
