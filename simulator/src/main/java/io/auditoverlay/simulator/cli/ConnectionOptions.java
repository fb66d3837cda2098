package io.auditoverlay.simulator.cli;

import io.auditoverlay.simulator.db.Database;
import picocli.CommandLine.Option;

/** Where the source database is; every option falls back to an environment variable, then to the local stack. */
public final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "JDBC_URL",
            defaultValue = "${env:SOURCE_DB_URL:-" + Database.DEFAULT_URL + "}",
            description = "JDBC URL of the source database (env SOURCE_DB_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "${env:SOURCE_DB_USER:-pos}",
            description = "Database user (env SOURCE_DB_USER; default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "${env:SOURCE_DB_PASSWORD:-pos}", arity = "0..1", interactive = true,
            description = "Database password (env SOURCE_DB_PASSWORD; default: the local stack's demo password).")
    String password;

    Database database() {
        return new Database(url, user, password);
    }
}
